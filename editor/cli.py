"""The ``article-editor`` command: opens the editor, or works on files without a window."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from editor import APP_NAME, __version__
from editor.core.citations.service import CitationOverrides
from editor.core.export_html import standalone_html
from editor.core.fileio import FileError, read_text, write_text_atomic
from editor.core.frontmatter import find_front_matter, parse_metadata
from editor.core.logs import configure_logging
from editor.core.page_setup import PAPER_SIZES, page_setup_from_metadata
from editor.core.render import Renderer
from editor.core.spelling import (
    SpellChecker,
    SpellingUnavailable,
    available_languages,
    choose_language,
    personal_dictionary_path,
    system_locale,
)

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FOUND = 1  # ``check`` found misspellings
EXIT_FAILURE = 2

_COMMANDS = ("export", "check")
_EXPORT_FORMATS = ("html", "pdf")
_FORMAT_BY_SUFFIX = {".html": "html", ".htm": "html", ".pdf": "pdf"}
_TEXT_SUGGESTIONS = 5
_VERBOSE = "--verbose"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``article-editor`` command."""
    argv = sys.argv[1:] if argv is None else argv
    # --verbose may come before the command word as well as after it.
    first = next((word for word in argv if word != _VERBOSE), None)
    if first in _COMMANDS:
        return _run_command(argv)
    return _run_gui(argv)


def _verbose_option() -> argparse.ArgumentParser:
    """``--verbose``, shared by the top-level parser and each command's."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        _VERBOSE,
        action="store_true",
        # SUPPRESS: a command's parser must not reset a --verbose given before the command.
        default=argparse.SUPPRESS,
        help="log everything, down to debugging detail, to the terminal as well as the log file",
    )
    return parent


def _start_logging(options: argparse.Namespace) -> None:
    verbose = getattr(options, "verbose", False)
    path = configure_logging(verbose)
    log.debug("%s %s, logging to %s", APP_NAME, __version__, path or "the terminal only")


def _run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="article-editor",
        parents=[_verbose_option()],
        description=f"{APP_NAME}: write articles in markdown with a live preview.",
        epilog="Commands without a window: article-editor export IN.md -o OUT.html; "
        "article-editor check IN.md",
    )
    parser.add_argument("files", nargs="*", type=Path, help="markdown files to open")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="add the editor to your desktop's menu (opening .md files) under $XDG_DATA_HOME",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove what --install-desktop added",
    )
    options = parser.parse_args(argv)
    _start_logging(options)
    if options.install_desktop or options.uninstall_desktop:
        if options.files:
            parser.error("--install-desktop and --uninstall-desktop take no files")
        return _desktop(install=options.install_desktop)
    # Imported here so that the commands without a window never load Qt.
    from editor.gui.app import run_app

    return run_app(options.files, verbose=getattr(options, "verbose", False))


def _desktop(install: bool) -> int:
    """Install or remove the menu entry, icon and metainfo for the current user."""
    from editor.core import desktop_install

    folder = desktop_install.data_home()
    try:
        if install:
            command = desktop_install.launcher_command(
                sys.argv[0] if sys.argv else "", sys.executable, getattr(sys, "frozen", False)
            )
            changed = desktop_install.install_desktop(folder, command)
        else:
            changed = desktop_install.uninstall_desktop(folder)
    except OSError as error:
        print(f"article-editor: cannot write in {folder}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    verb = "Installed" if install else "Removed"
    for path in changed:
        print(f"{verb} {path}")
    if not changed:
        print(f"Nothing to remove: no Article Editor desktop files in {folder}")
    return EXIT_OK


def _run_command(argv: list[str]) -> int:
    verbose = _verbose_option()
    parser = argparse.ArgumentParser(prog="article-editor", parents=[verbose])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser(
        "export", help="write a standalone HTML file or a PDF", parents=[verbose]
    )
    export.add_argument("input", type=Path, help="the markdown file")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.add_argument(
        "--to",
        choices=_EXPORT_FORMATS,
        help="the output format (default: from the output's extension, .html or .pdf)",
    )
    export.add_argument(
        "--papersize",
        type=str.lower,
        choices=tuple(PAPER_SIZES),
        help="PDF paper size, instead of the front matter's papersize (default: a4)",
    )
    export.add_argument(
        "--bibliography",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a .bib, CSL-JSON or RIS file, instead of the front matter's (may be repeated)",
    )
    export.add_argument(
        "--csl", type=Path, metavar="FILE", help="a CSL style, instead of Cite Them Right"
    )
    check = commands.add_parser("check", help="list misspelt words", parents=[verbose])
    check.add_argument("input", type=Path, help="the markdown file")
    check.add_argument(
        "--lang", help="dictionary, e.g. en_GB (default: the front matter's lang, or the system's)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    check.add_argument("--medical", action="store_true", help="also accept medical terms")
    options = parser.parse_args(argv)
    _start_logging(options)
    if options.command == "check":
        return _check(options.input, options.lang, options.output_format, options.medical)
    return _export(
        options.input,
        options.output,
        CitationOverrides(tuple(options.bibliography), options.csl),
        options.to or _FORMAT_BY_SUFFIX.get(options.output.suffix.lower()),
        options.papersize,
    )


def _export(
    source: Path,
    target: Path,
    overrides: CitationOverrides,
    output_format: str | None,
    papersize: str | None = None,
) -> int:
    try:
        text = read_text(source)
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if output_format is None:
        print(
            f"article-editor: {target}: cannot tell the format from the extension "
            "(use .html or .pdf, or --to html|pdf)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    for path in [*overrides.bibliography, *([overrides.csl] if overrides.csl else [])]:
        if not path.is_file():
            print(f"article-editor: {path}: no such file", file=sys.stderr)
            return EXIT_FAILURE
    log.debug("exporting %s to %s as %s", source, target, output_format)
    document = Renderer().render(text, folder=source.parent, overrides=overrides)
    for problem in document.problems:
        print(f"{source}:{problem.line}: warning: {problem.message}", file=sys.stderr)
    for notice in document.notices:
        print(f"warning: {notice}", file=sys.stderr)
    try:
        if output_format == "pdf":
            _write_pdf(document, source, target, papersize)
        else:
            write_text_atomic(
                target,
                standalone_html(document, fallback_title=source.stem, base_dir=source.parent),
            )
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Wrote {target}")
    return EXIT_OK


def _write_pdf(document, source: Path, target: Path, papersize: str | None) -> None:
    """Print ``document`` with QtWebEngine, offscreen when there is no display."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # said before Qt starts, as for HTML
        raise FileError(f"{target}: cannot write: folder {folder} does not exist")
    # Qt only for PDF: the HTML export must work where Qt is not installed.
    from editor.gui.app import create_application, has_display

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = create_application([sys.argv[0] if sys.argv else "article-editor"])
    from editor.gui.pdf_export import export_pdf

    page_setup = page_setup_from_metadata(document.metadata)
    if papersize:
        page_setup = replace(page_setup, paper=papersize)
    export_pdf(document, source, target, page_setup)
    app.processEvents()


def _check(source: Path, lang: str | None, output_format: str, medical: bool) -> int:
    try:
        text = read_text(source)
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    language = lang or _document_language(source, text)
    if language is None:
        available = ", ".join(available_languages()) or "none (is enchant installed?)"
        print(f"article-editor: no spelling dictionary; available: {available}", file=sys.stderr)
        return EXIT_FAILURE
    try:
        checker = SpellChecker(language, personal_dictionary_path(), use_medical=medical)
    except SpellingUnavailable as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if medical and not checker.medical_available:
        print(
            "article-editor: warning: no medical word list (install hunspell-en-med)",
            file=sys.stderr,
        )
    found = checker.misspellings(text)
    if output_format == "json":
        records = [
            {
                "line": item.line,
                "column": item.column,
                "word": item.word,
                "suggestions": item.suggestions,
                "kind": "spelling",
            }
            for item in found
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for item in found:
            where = f"{source}:{item.line}:{item.column}: {item.word}"
            suggestions = ", ".join(item.suggestions[:_TEXT_SUGGESTIONS])
            print(f"{where} -> {suggestions}" if suggestions else where)
    return EXIT_FOUND if found else EXIT_OK


def _document_language(source: Path, text: str) -> str | None:
    """The front matter's ``lang``, else the system's language, else British English."""
    metadata, problem = parse_metadata(find_front_matter(text.split("\n")))
    if problem is not None:  # then its lang is unknown: say why the default is used
        print(f"{source}:{problem.line}: warning: {problem.message}", file=sys.stderr)
    choice = choose_language([metadata.lang], system_locale(), available_languages())
    for missing in choice.missing:
        print(
            f"{source}: warning: no spelling dictionary for lang {missing!r}; "
            f"checking with {choice.language}",
            file=sys.stderr,
        )
    return choice.language
