"""The status bar's word-count goal: progress towards a number of words written in this
session, or in the whole document."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QWidget

from editor.gui.settings import Settings

GOAL_KEY = "goal/words"
SCOPE_KEY = "goal/scope"


def goal_progress(words: int, baseline: int, goal: int, scope: str) -> tuple[int, int]:
    """(words counted towards the goal, per cent of it reached, at most 100)."""
    counted = max(0, words - baseline) if scope == "session" else words
    return counted, min(100, counted * 100 // goal) if goal > 0 else 0


class WordGoalLabel(QLabel):
    """“Session: 312 of 1,000 words (31 %)”; hidden while no goal is set. The session
    starts when the window opens a document (its words then are the baseline)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wordGoal")
        self._settings = settings
        self._locale = QLocale()
        self._words = 0
        self._baseline: int | None = None  # taken from the first count of a document
        settings.changed.connect(self._on_setting_changed)
        self._show()

    @property
    def counted(self) -> int:
        return goal_progress(self._words, self._baseline or 0, 1, self._settings.get(SCOPE_KEY))[0]

    def start_session(self) -> None:
        """A document was opened: count the session's words from its next count on."""
        self._baseline = None

    def set_document_words(self, words: int) -> None:
        if self._baseline is None:
            self._baseline = words
        self._words = words
        self._show()

    def _on_setting_changed(self, key: str) -> None:
        if key in (GOAL_KEY, SCOPE_KEY):
            self._show()

    def _show(self) -> None:
        goal = self._settings.get(GOAL_KEY)
        self.setVisible(goal > 0)
        if goal <= 0:
            return
        scope = self._settings.get(SCOPE_KEY)
        counted, percent = goal_progress(self._words, self._baseline or 0, goal, scope)
        number = self._locale.toString
        if counted >= goal:
            template = (
                self.tr("Session goal reached: {counted} of {goal} words")
                if scope == "session"
                else self.tr("Goal reached: {counted} of {goal} words")
            )
        else:
            template = (
                self.tr("Session: {counted} of {goal} words ({percent} %)")
                if scope == "session"
                else self.tr("Goal: {counted} of {goal} words ({percent} %)")
            )
        self.setText(
            template.format(counted=number(counted), goal=number(goal), percent=number(percent))
        )
