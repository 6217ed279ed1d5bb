"""The ``article-editor`` command: opens the editor, or works on files without a window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from editor import APP_NAME, __version__
from editor.core.citations.service import CitationOverrides
from editor.core.citations.styles import resolve_style
from editor.core.export_docx import FORMATS as OFFICE_FORMATS
from editor.core.export_docx import reference_doc_for, review_markup_for, write_office
from editor.core.export_html import standalone_html
from editor.core.fileio import FileError, read_text, write_text_atomic
from editor.core.frontmatter import find_front_matter, parse_metadata
from editor.core.import_docx import IMAGES_FOLDER, import_office
from editor.core.logs import configure_logging
from editor.core.page_setup import PAPER_SIZES, page_setup_from_metadata
from editor.core.proofing.checker import Checker, RuleChoice, default_rules
from editor.core.proofing.report import json_report, text_report
from editor.core.proofing.spelling import (
    SpellChecker,
    SpellingUnavailable,
    available_languages,
    choose_language,
    personal_dictionary_path,
    system_locale,
)
from editor.core.render import Renderer
from editor.core.review.resolve import TrackChanges

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FOUND = 1  # ``check`` found problems (misspellings, open review marks...)
EXIT_FAILURE = 2

_COMMANDS = ("export", "check", "import")
_EXPORT_FORMATS = ("html", "pdf", "docx", "odt")
_FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
}
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
        "export",
        help="write a standalone HTML file, a PDF or a Word (DOCX) document",
        parents=[verbose],
    )
    export.add_argument("input", type=Path, help="the markdown file")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.add_argument(
        "--to",
        choices=_EXPORT_FORMATS,
        help="the output format (default: from the output's extension: .html, .pdf, .docx, .odt)",
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
        "--csl",
        metavar="STYLE",
        help="a CSL style instead of the front matter's: a .csl file, or a style of the CSL "
        "repository by id (apa, bmj, vancouver...) or title",
    )
    export.add_argument(
        "--reference-doc",
        type=Path,
        metavar="FILE",
        help="DOCX/ODT: a journal's Word template whose styles to use, instead of the front "
        "matter's reference-doc",
    )
    export.add_argument(
        "--track-changes",
        choices=[mode.value for mode in TrackChanges],
        default=TrackChanges.ACCEPT.value,
        help="review marks: accept (the clean text, the default), reject (the original) "
        "or all (insertions, deletions and comments shown)",
    )
    check = commands.add_parser(
        "check",
        help="list misspellings and other problems (exit 1 when any, 0 when none)",
        parents=[verbose],
    )
    check.add_argument("input", type=Path, help="the markdown file")
    check.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="IDS",
        help="only these rules, e.g. spelling,range (may be repeated; default: all)",
    )
    check.add_argument(
        "--no-rules", action="append", default=[], metavar="IDS", help="all rules but these"
    )
    check.add_argument(
        "--no-suggestions",
        action="store_false",
        dest="suggest",
        help="no spelling suggestions (they are most of the time on a long document)",
    )
    check.add_argument(
        "--lang", help="dictionary, e.g. en_GB (default: the front matter's lang, or the system's)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    check.add_argument("--medical", action="store_true", help="also accept medical terms")
    convert = commands.add_parser(
        "import",
        help="convert a Word (DOCX) or OpenDocument (ODT) file to markdown",
        parents=[verbose],
    )
    convert.add_argument("input", type=Path, help="the .docx or .odt file")
    convert.add_argument("-o", "--output", type=Path, required=True, help="the .md to write")
    convert.add_argument("--force", action="store_true", help="replace the output if it exists")
    options = parser.parse_args(argv)
    _start_logging(options)
    if options.command == "import":
        return _import(options.input, options.output, options.force)
    if options.command == "check":
        return _check(
            options.input,
            options.lang,
            options.output_format,
            options.medical,
            RuleChoice.parse(options.rules, options.no_rules),
            options.suggest,
        )
    return _export(
        options.input,
        options.output,
        CitationOverrides(tuple(options.bibliography), options.csl),
        options.to or _FORMAT_BY_SUFFIX.get(options.output.suffix.lower()),
        options.papersize,
        TrackChanges(options.track_changes),
        options.reference_doc,
    )


def _export(
    source: Path,
    target: Path,
    overrides: CitationOverrides,
    output_format: str | None,
    papersize: str | None = None,
    track_changes: TrackChanges = TrackChanges.ACCEPT,
    reference_doc: Path | None = None,
) -> int:
    try:
        text = read_text(source)
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if output_format is None:
        print(
            f"article-editor: {target}: cannot tell the format from the extension "
            "(use .html, .pdf, .docx or .odt, or --to html|pdf|docx|odt)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    for path in overrides.bibliography:
        if not path.is_file():
            print(f"article-editor: {path}: no such file", file=sys.stderr)
            return EXIT_FAILURE
    if overrides.csl:
        # A file relative to where the command runs, as the other paths are.
        _, _, style_problem = resolve_style(overrides.csl, Path.cwd())
        if style_problem:
            print(f"article-editor: {style_problem}", file=sys.stderr)
            return EXIT_FAILURE
        if Path(overrides.csl).is_file():
            overrides = replace(overrides, csl=Path(overrides.csl).absolute())
    log.debug("exporting %s to %s as %s", source, target, output_format)
    document = Renderer().render(
        text,
        folder=source.parent,
        overrides=overrides,
        track_changes=track_changes,
        review_markup=review_markup_for(output_format),
    )
    for problem in document.problems:
        print(f"{source}:{problem.line}: warning: {problem.message}", file=sys.stderr)
    for notice in document.notices:
        print(f"warning: {notice}", file=sys.stderr)
    try:
        if output_format == "pdf":
            _write_pdf(document, source, target, papersize)
        elif output_format in OFFICE_FORMATS:
            template = reference_doc_for(document.metadata.extra, source.parent, reference_doc)
            write_office(document, target, source.parent, template, output_format)
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


def _import(source: Path, target: Path, force: bool) -> int:
    try:
        imported = import_office(source, target, force)
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if imported.review:
        print(
            f"{source}: kept {imported.review.describe()} as review marks; accept or reject "
            "them in the Review panel",
            file=sys.stderr,
        )
    images = f" and {len(imported.images)} images in {target.parent / IMAGES_FOLDER}"
    print(f"Wrote {target}{images if imported.images else ''}")
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


def _check(
    source: Path,
    lang: str | None,
    output_format: str,
    medical: bool,
    chosen: RuleChoice,
    suggest: bool = True,
) -> int:
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
        spelling = SpellChecker(language, personal_dictionary_path(), use_medical=medical)
    except SpellingUnavailable as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if medical and not spelling.medical_available:
        print(
            "article-editor: warning: no medical word list (install hunspell-en-med)",
            file=sys.stderr,
        )
    checker = Checker(default_rules(spelling, suggest))
    enabled = chosen.enabled(checker.rules)
    if isinstance(enabled, str):
        print(f"article-editor: {enabled}", file=sys.stderr)
        return EXIT_FAILURE
    found = checker.check(text, language, source.parent, enabled)
    if output_format == "json":
        print(json_report(found))
    else:
        print(text_report(found, source, checker.rules), end="")
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
