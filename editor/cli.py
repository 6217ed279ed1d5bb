"""The ``article-editor`` command: opens the editor, or works on files without a window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editor import APP_NAME, __version__
from editor.core.export_html import standalone_html
from editor.core.fileio import FileError, read_text, write_text_atomic
from editor.core.render import Renderer

EXIT_OK = 0
EXIT_FAILURE = 2

_COMMANDS = ("export",)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``article-editor`` command."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in _COMMANDS:
        return _run_command(argv)
    return _run_gui(argv)


def _run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="article-editor",
        description=f"{APP_NAME}: write articles in markdown with a live preview.",
        epilog="Commands without a window: article-editor export IN.md -o OUT.html",
    )
    parser.add_argument("files", nargs="*", type=Path, help="markdown files to open")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    options = parser.parse_args(argv)
    # Imported here so that the commands without a window never load Qt.
    from editor.gui.app import run_app

    return run_app(options.files)


def _run_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="article-editor")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write a standalone HTML file")
    export.add_argument("input", type=Path, help="the markdown file")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    options = parser.parse_args(argv)
    return _export(options.input, options.output)


def _export(source: Path, target: Path) -> int:
    try:
        text = read_text(source)
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if target.suffix.lower() not in (".html", ".htm"):
        print(
            f"article-editor: {target}: cannot tell the format from the extension (use .html)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    document = Renderer().render(text)
    for problem in document.problems:
        print(f"{source}:{problem.line}: warning: {problem.message}", file=sys.stderr)
    try:
        write_text_atomic(
            target,
            standalone_html(document, fallback_title=source.stem, base_dir=source.parent),
        )
    except FileError as error:
        print(f"article-editor: {error}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Wrote {target}")
    return EXIT_OK
