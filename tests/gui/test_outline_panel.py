"""The outline dock in the real window: headings from the render as a tree that follows
typing, jumps on click, highlights the cursor's section and keeps folded branches folded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from tests.gui.conftest import type_text
from tests.gui.test_find_bar import open_text, press

TEXT = """---
title: A paper
---

# Introduction

Why it matters.

## Background

Some history.

## Aims

# Methods {#methods}

## Participants

Who took part.
"""


def tree_of(outline):
    def walk(item, depth):
        rows = []
        for index in range(item.childCount()):
            child = item.child(index)
            rows.append(("  " * depth) + child.text(0))
            rows.extend(walk(child, depth + 1))
        return rows

    return walk(outline.tree.invisibleRootItem(), 0)


def shown_outline(make_window, qtbot, tmp_path, text=TEXT):
    window = open_text(make_window, qtbot, tmp_path, text)
    press("Ctrl+Shift+O")
    assert window.outline.isVisible()
    qtbot.waitUntil(lambda: len(window.outline.headings) == 5, timeout=15000)
    return window


def test_headings_as_a_tree(make_window, qtbot, tmp_path):
    window = shown_outline(make_window, qtbot, tmp_path)
    assert tree_of(window.outline) == [
        "Introduction",
        "  Background",
        "  Aims",
        "Methods",
        "  Participants",
    ]
    assert [h.id for h in window.outline.headings][3] == "methods"


def test_the_outline_follows_typing(make_window, qtbot, tmp_path):
    window = shown_outline(make_window, qtbot, tmp_path)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\n## Results\n\nFound things.")
    qtbot.waitUntil(lambda: tree_of(window.outline)[-1] == "  Results", timeout=15000)
    # The cursor is in the new section: it is the current one.
    qtbot.waitUntil(lambda: window.outline.current_heading().text == "Results", timeout=2000)
    # Typing above a heading moves it; the tree stands and clicks still land on it.
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Down, n=3)
    window.editor.setTextCursor(cursor)
    type_text(window.editor, "A new opening line.\n\n")
    qtbot.waitUntil(lambda: window.outline.headings[0].line == 6, timeout=15000)


def test_click_jumps_and_the_cursor_highlights_its_section(make_window, qtbot, tmp_path):
    window = shown_outline(make_window, qtbot, tmp_path)
    tree = window.outline.tree
    methods = tree.topLevelItem(1)
    rect = tree.visualItemRect(methods)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.textCursor().block().text() == "# Methods {#methods}"
    assert window.editor.hasFocus()
    # Down into "Participants" with the keyboard: the outline follows.
    for _ in range(3):
        QTest.keyClick(window.editor, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.outline.current_heading().text == "Participants", timeout=2000)
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.waitUntil(lambda: window.outline.current_heading() is None, timeout=2000)


def test_folded_branches_stay_folded_across_edits(make_window, qtbot, tmp_path):
    window = shown_outline(make_window, qtbot, tmp_path)
    tree = window.outline.tree
    introduction = tree.topLevelItem(0)
    tree.setCurrentItem(introduction)
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Left)  # the keyboard folds a branch
    assert not introduction.isExpanded()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\n# Discussion")
    qtbot.waitUntil(lambda: tree_of(window.outline)[-1] == "Discussion", timeout=15000)
    assert not tree.topLevelItem(0).isExpanded()
    assert tree.topLevelItem(1).isExpanded()
