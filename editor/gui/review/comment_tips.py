"""The editor's tooltip on a review comment: resting the mouse on a comment, or on the text it
is about, shows the comment with its reviewer and date (the preview shows it on hover too)."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject

from editor.core.review.criticmarkup import Mark, MarkKind, mark_at, parse
from editor.gui.editor_widget import MarkdownEditor
from editor.gui.review.paragraph import paragraph_at


class CommentTips(QObject):
    """Finds the comment at a position of ``editor``, reading only its paragraph."""

    def __init__(self, editor: MarkdownEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def tip_at(self, position: int) -> str | None:
        """The tooltip (rich text) for the review comment at the document ``position``, or
        ``None`` when no comment is there."""
        paragraph = paragraph_at(self._editor.document(), position)
        if "{" not in paragraph.text:
            return None
        mark = mark_at(parse(paragraph.text).marks, paragraph.offset)
        if mark is None or mark.comment is None:
            return None
        return self.describe(mark)

    def describe(self, mark: Mark) -> str:
        comment = mark.comment
        assert comment is not None
        kinds = {
            MarkKind.INSERTION: self.tr("Insertion"),
            MarkKind.DELETION: self.tr("Deletion"),
            MarkKind.SUBSTITUTION: self.tr("Substitution"),
            MarkKind.HIGHLIGHT: self.tr("Comment"),
            MarkKind.COMMENT: self.tr("Comment"),
        }
        kind = kinds[mark.kind]
        if comment.author and comment.date:
            heading = self.tr("{kind} by {author}, {date}").format(
                kind=kind, author=comment.author, date=comment.date
            )
        elif comment.author:
            heading = self.tr("{kind} by {author}").format(kind=kind, author=comment.author)
        else:
            heading = kind
        # Qt's tooltip wraps rich text at its own width: the heading, unbroken, sets it.
        parts = [f"<nobr><b>{html.escape(heading)}</b></nobr>"]
        if comment.body:
            parts.append(html.escape(comment.body))
        return "<p>" + "<br>".join(parts) + "</p>"
