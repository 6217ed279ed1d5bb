"""The render session's contract: the other side, applying each update to what it holds,
holds the whole rendering; an edit that does not fit is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.render import Renderer
from editor.core.render_session import (
    RenderSession,
    RenderUpdate,
    apply_line_update,
    line_splice,
)
from editor.core.text_edits import EditMismatchError, LineEdit

ARTICLE = """---
title: Care
---

# Introduction

First paragraph with a note.[^1]

## Methods

Second paragraph.

[^1]: The note.
"""


class _OtherSide:
    """What the GUI keeps: the fragments and block lines, changed by updates."""

    def __init__(self) -> None:
        self.fragments: list[str] = []
        self.block_lines: list[int] = []
        self.headings: tuple = ()

    def take(self, update: RenderUpdate) -> None:
        if update.full:
            self.fragments, self.block_lines = [], []
        update.fragments.apply(self.fragments)
        apply_line_update(self.block_lines, update.block_lines, update.line_shift)
        if update.headings is not None:
            self.headings = update.headings


def _line_of(text: str, needle: str) -> int:
    return text.split("\n").index(needle)


def test_updates_rebuild_the_rendering() -> None:
    session = RenderSession()
    side = _OtherSide()
    side.take(session.reset(ARTICLE))
    assert session.document is not None
    assert side.fragments == session.document.fragments()
    line = _line_of(ARTICLE, "Second paragraph.")
    update = session.edit(
        [LineEdit(line, 1, ("Second paragraph, longer.",), session_lines(session))]
    )
    side.take(update)
    assert update.fragments.removed == 1 and len(update.fragments.inserted) == 1
    assert update.headings is None  # unchanged, not sent
    assert update.blocks_rendered == 1
    assert side.fragments == session.document.fragments()
    # A new line above everything moves every block down by one.
    update = session.edit([LineEdit(4, 0, ("",), session_lines(session) + 1)])
    side.take(update)
    assert update.line_shift == 1
    assert side.block_lines == session.document.block_lines
    assert side.headings == tuple(session.document.headings)


def session_lines(session: RenderSession) -> int:
    return session.text.count("\n") + 1


def test_an_edit_out_of_step_is_refused_and_changes_nothing() -> None:
    session = RenderSession(Renderer())
    session.reset(ARTICLE)
    before = session.text
    with pytest.raises(EditMismatchError):
        session.edit([LineEdit(0, 1, ("x",), 999)])
    assert session.text == before


_LINES = st.lists(st.integers(0, 40), max_size=12).map(sorted)


@given(old=_LINES, new=_LINES)
def test_line_splices_rebuild_any_list(old: list[int], new: list[int]) -> None:
    splice, shift = line_splice(old, new)
    rebuilt = list(old)
    apply_line_update(rebuilt, splice, shift)
    assert rebuilt == new


def test_edits_that_stop_fitting_halfway_change_nothing() -> None:
    session = RenderSession(Renderer())
    session.reset(ARTICLE)
    before, shown = session.text, session.document.fragments()
    total = session_lines(session)
    fits = LineEdit(0, 0, ("",), total + 1)
    with pytest.raises(EditMismatchError):
        session.edit([fits, LineEdit(total + 5, 1, ("x",), total + 1)])
    assert session.text == before and session.document.fragments() == shown
