"""Word (DOCX) and OpenDocument (ODT) import: pandoc 3 reads the file into its AST, review marks
(tracked changes, comments) are settled, images are copied into ``images/`` beside the new
markdown, and pandoc writes pandoc markdown. The Word file itself is only ever read."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.fileio import FileError, write_text_atomic
from editor.core.pandoc_tool import find_pandoc, run_pandoc

log = logging.getLogger(__name__)

FORMATS = {".docx": "docx", ".odt": "odt"}
IMAGES_FOLDER = "images"
# pandoc's spans for Word's review marks, read with --track-changes=all.
_REVIEW_CLASSES = (
    "insertion",
    "deletion",
    "comment-start",
    "comment-end",
    "paragraph-insertion",
    "paragraph-deletion",
)


@dataclass
class ReviewMarks:
    """How many of Word's review marks the file had (each counted once)."""

    insertions: int = 0
    deletions: int = 0
    comments: int = 0

    def __bool__(self) -> bool:
        return bool(self.insertions or self.deletions or self.comments)

    def describe(self) -> str:
        """E.g. "2 tracked insertions, 1 deletion and 3 comments"."""
        parts = [
            f"{count} {name}{'' if count == 1 else 's'}"
            for count, name in (
                (self.insertions, "tracked insertion"),
                (self.deletions, "tracked deletion"),
                (self.comments, "comment"),
            )
            if count
        ]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class ImportedDocument:
    """The markdown made from a Word file, the images written for it, and what was dropped."""

    markdown: str
    images: list[Path] = field(default_factory=list)
    review: ReviewMarks = field(default_factory=ReviewMarks)


def settle_review_marks(ast: Any) -> tuple[Any, ReviewMarks]:
    """Word's tracked changes and comments in pandoc's AST, kept as the editor's review marks
    (CriticMarkup): an insertion becomes ``{++…++}``, a deletion ``{--…--}``, a comment
    ``{>>Name YYYY-MM-DD: text<<}`` where it starts (the comment form of review mode), so
    the author accepts or rejects them in the Review panel. Each is counted, for the message.
    Paragraph marks (a whole paragraph inserted or deleted) have no inline form and are
    dropped."""
    counts: Counter[str] = Counter()

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            kept: list[Any] = []
            for item in node:
                kind = _review_kind(item)
                if kind is None:
                    kept.append(walk(item))
                    continue
                counts[kind] += 1
                contents = walk(item["c"][1])
                if kind == "insertion":
                    kept.extend([_raw("{++"), *contents, _raw("++}")])
                elif kind == "deletion":
                    kept.extend([_raw("{--"), *contents, _raw("--}")])
                elif kind == "comment-start":
                    kept.extend([_raw("{>>" + _signature(item)), *contents, _raw("<<}")])
            return kept
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    settled = walk(ast)
    return settled, ReviewMarks(counts["insertion"], counts["deletion"], counts["comment-start"])


def _raw(text: str) -> dict[str, Any]:
    """Markdown pandoc writes as it is (it would escape the braces of a plain string)."""
    return {"t": "RawInline", "c": ["markdown", text]}


def _signature(span: Any) -> str:
    """``Name YYYY-MM-DD: `` from a comment's author and date, as review mode signs comments."""
    attributes = dict(span["c"][0][2])
    author = " ".join(str(attributes.get("author", "")).split())
    date = str(attributes.get("date", ""))[:10]
    if author and len(date) == 10 and date[4] == "-" and date[7] == "-":
        return f"{author} {date}: "
    return ""


def _review_kind(node: Any) -> str | None:
    if not isinstance(node, dict) or node.get("t") != "Span":
        return None
    classes = node["c"][0][1]
    return next((name for name in classes if name in _REVIEW_CLASSES), None)


def convert_office(source: Path, folder: Path) -> ImportedDocument:
    """Read the Word or ODT file ``source`` as markdown meant to live in ``folder``: its
    images are written into ``folder/images/`` (never over a file already there) and
    linked from there. Raises ``FileError`` naming ``source`` when it cannot be read."""
    kind = FORMATS.get(source.suffix.lower())
    if kind is None:
        raise FileError(f"{source}: not a Word (.docx) or OpenDocument (.odt) file")
    if not source.is_file():
        raise FileError(f"{source}: no such file")
    pandoc = find_pandoc()
    media = Path(tempfile.mkdtemp(prefix="article-editor-import-"))
    try:
        raw = run_pandoc(
            pandoc,
            [
                f"--from={kind}",
                "--to=json",
                "--track-changes=all",
                f"--extract-media={media}",
                str(source),
            ],
            b"",
            source,
        )
        try:
            ast = json.loads(raw)
        except ValueError as error:
            raise FileError(f"{source}: pandoc's reading cannot be decoded: {error}") from None
        ast, review = settle_review_marks(ast)
        images = _move_images(ast, media, folder)
    finally:
        shutil.rmtree(media, ignore_errors=True)  # made by mkdtemp: ours
    markdown = run_pandoc(
        pandoc,
        ["--from=json", "--to=markdown", "--standalone", "--wrap=none"],
        json.dumps(ast).encode("utf-8"),
        source,
    ).decode("utf-8")
    return ImportedDocument(markdown, images, review)


def _move_images(ast: Any, media: Path, folder: Path) -> list[Path]:
    """Copy each image pandoc extracted under ``media`` into ``folder/images/``, under a
    name not yet taken, and point the AST's images at the copies, relative to ``folder``."""
    written: dict[str, Path] = {}

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            if node.get("t") == "Image":
                target = node["c"][2]
                extracted = Path(target[0])
                if extracted.is_relative_to(media) and extracted.is_file():
                    if target[0] not in written:
                        written[target[0]] = _copy_unique(extracted, folder / IMAGES_FOLDER)
                    target[0] = written[target[0]].relative_to(folder).as_posix()
            for value in node.values():
                visit(value)

    visit(ast)
    return list(written.values())


def _copy_unique(path: Path, images: Path) -> Path:
    try:
        images.mkdir(parents=True, exist_ok=True)
        candidate = images / path.name
        number = 1
        while candidate.exists():
            number += 1
            candidate = images / f"{path.stem}-{number}{path.suffix}"
        shutil.copyfile(path, candidate)
    except OSError as error:
        raise FileError(f"{images}: cannot write the images: {error.strerror or error}") from None
    return candidate


def import_office(source: Path, target: Path, force: bool = False) -> ImportedDocument:
    """Convert ``source`` to the markdown file ``target`` (its images beside it); an
    existing ``target`` is refused unless ``force``."""
    if target.exists() and not force:
        raise FileError(f"{target}: already exists (use --force to replace it)")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileError(f"{target}: cannot write: folder {folder} does not exist")
    imported = convert_office(source, folder)
    write_text_atomic(target, imported.markdown)
    return imported
