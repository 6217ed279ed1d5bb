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
    (CriticMarkup), so the author accepts or rejects them in the Review panel: an insertion
    becomes ``{++…++}``, a deletion ``{--…--}``, a deletion just before an insertion (Word's
    replacement) ``{~~old~>new~~}``, each signed ``{>>Name YYYY-MM-DD:<<}`` with its reviewer
    and date; a comment on some words ``{==words==}{>>Name YYYY-MM-DD: text<<}``, on one
    change that change's comment, and where it cannot be either (it spans paragraphs or other
    comments' marks) ``{>>Name YYYY-MM-DD: text<<}`` where it starts. Each is counted, for
    the message. Paragraph marks (a whole paragraph inserted or deleted) have no inline form
    and are dropped."""
    counts: Counter[str] = Counter()

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return settle(node)
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    def change(items: list[Any], comment: Any = None) -> list[Any]:
        """One change (a deletion, an insertion, or a deletion then an insertion) as markup,
        with ``comment``'s text, else its own signature."""
        kinds = [_review_kind(item) for item in items]
        for kind in kinds:
            counts[str(kind)] += 1
        if kinds == ["deletion", "insertion"]:
            old, new = (walk(item["c"][1]) for item in items)
            markup = [_raw("{~~"), *old, _raw("~>"), *new, _raw("~~}")]
        elif kinds == ["insertion"]:
            markup = [_raw("{++"), *walk(items[0]["c"][1]), _raw("++}")]
        else:
            markup = [_raw("{--"), *walk(items[0]["c"][1]), _raw("--}")]
        if comment is not None:
            counts["comment-start"] += 1
            return [*markup, *_comment(comment, walk(comment["c"][1]))]
        signature = _signature(items[0]).strip()
        return [*markup, _raw("{>>" + signature + "<<}")] if signature else markup

    def settle(items: list[Any]) -> list[Any]:
        kept: list[Any] = []
        index = 0
        while index < len(items):
            item = items[index]
            kind = _review_kind(item)
            if kind is None:
                kept.append(walk(item))
                index += 1
            elif kind == "comment-start":
                end = _comment_end(items, index)
                inner = items[index + 1 : end] if end is not None else []
                if end is not None and _one_change(inner):
                    kept.extend(change(inner, item))
                    index = end + 1
                elif end is not None and inner and not any(map(_holds_review, inner)):
                    counts[kind] += 1
                    words = [walk(part) for part in inner]
                    kept.extend([_raw("{=="), *words, _raw("==}")])
                    kept.extend(_comment(item, walk(item["c"][1])))
                    index = end + 1
                else:  # left where it starts; its end, if here, is dropped when reached
                    counts[kind] += 1
                    kept.extend(_comment(item, walk(item["c"][1])))
                    index += 1
            elif kind in ("insertion", "deletion"):
                following = items[index + 1] if index + 1 < len(items) else None
                pair = [item, following]
                if _one_change(pair) and _signature(item) == _signature(following):
                    kept.extend(change(pair))
                    index += 2
                else:
                    kept.extend(change([item]))
                    index += 1
            else:  # comment-end, paragraph marks: nothing of their own to keep
                counts[kind] += 1
                index += 1
        return kept

    settled = walk(ast)
    return settled, ReviewMarks(counts["insertion"], counts["deletion"], counts["comment-start"])


def _comment(span: Any, body: list[Any]) -> list[Any]:
    return [_raw("{>>" + _signature(span)), *body, _raw("<<}")]


def _comment_end(items: list[Any], start: int) -> int | None:
    """Where, in the same list, the comment opened at ``items[start]`` ends."""
    ident = _attribute(items[start], "id")
    for index in range(start + 1, len(items)):
        if _review_kind(items[index]) == "comment-end" and _attribute(items[index], "id") == ident:
            return index
    return None


def _one_change(items: list[Any]) -> bool:
    """Whether ``items`` are exactly one change: an insertion, a deletion, or a deletion then
    an insertion, holding no other review marks."""
    kinds = [_review_kind(item) for item in items]
    if kinds not in (["insertion"], ["deletion"], ["deletion", "insertion"]):
        return False
    return not any(_holds_review(item["c"][1]) for item in items)


def _holds_review(node: Any) -> bool:
    if isinstance(node, list):
        return any(_holds_review(item) for item in node)
    if isinstance(node, dict):
        return _review_kind(node) is not None or any(map(_holds_review, node.values()))
    return False


def _attribute(span: Any, name: str) -> str:
    return str(dict(span["c"][0][2]).get(name, ""))


def _raw(text: str) -> dict[str, Any]:
    """Markdown pandoc writes as it is (it would escape the braces of a plain string)."""
    return {"t": "RawInline", "c": ["markdown", text]}


def _signature(span: Any) -> str:
    """``Name YYYY-MM-DD: `` from a mark's author and date, as review mode signs comments."""
    if span is None:
        return ""
    author = " ".join(_attribute(span, "author").split())
    date = _attribute(span, "date")[:10]
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
