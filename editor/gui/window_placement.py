"""Where a window opens: whole on the screen it opens on (at any display scaling), and not
exactly on top of another window of ours."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1280, 820)
DEFAULT_SHARE = 0.9  # of the screen, at most, for a window that has no saved size
CASCADE_STEP = 32  # about a title bar: each window's title stays visible
# Before a window is shown its frame is unknown: leave room for a title bar and borders.
FRAME_ALLOWANCE = QMargins(4, 32, 4, 4)


def fit_rect(rect: QRect, available: QRect) -> QRect:
    """``rect`` moved, and shrunk where it must be, to lie wholly inside ``available``."""
    width = min(rect.width(), available.width())
    height = min(rect.height(), available.height())
    x = min(max(rect.x(), available.x()), available.x() + available.width() - width)
    y = min(max(rect.y(), available.y()), available.y() + available.height() - height)
    return QRect(x, y, width, height)


def default_rect(available: QRect, size: QSize = DEFAULT_SIZE) -> QRect:
    """A new window's place: ``size`` or less (at most 90 % of the screen), centred."""
    width = min(size.width(), int(available.width() * DEFAULT_SHARE))
    height = min(size.height(), int(available.height() * DEFAULT_SHARE))
    x = available.x() + (available.width() - width) // 2
    y = available.y() + (available.height() - height) // 2
    return QRect(x, y, width, height)


def cascade(rect: QRect, taken: Iterable[QPoint], available: QRect) -> QRect:
    """``rect`` moved down and right, a title bar at a time, until no window in ``taken``
    starts at (nearly) the same place; back to the top left when the screen runs out."""
    taken = list(taken)
    moved = QRect(rect)
    for _ in range(len(taken) + 1):
        if not any(_near(moved.topLeft(), point) for point in taken):
            return moved
        moved.translate(CASCADE_STEP, CASCADE_STEP)
        if not available.contains(moved):
            moved.moveTopLeft(available.topLeft())
            moved = fit_rect(moved, available)
    return moved


def _near(first: QPoint, second: QPoint) -> bool:
    return abs(first.x() - second.x()) < CASCADE_STEP // 2 and (
        abs(first.y() - second.y()) < CASCADE_STEP // 2
    )


def place_window(window: QWidget, restored: bool, others: Iterable[QWidget]) -> None:
    """Fit ``window`` (its saved geometry when ``restored``) to the screen it opens on and
    keep it off the other windows' places."""
    if window.isMaximized() or window.isFullScreen():
        return  # the window manager fits those
    screen = (
        QGuiApplication.screenAt(window.geometry().center())
        or window.screen()
        or QGuiApplication.primaryScreen()
    )
    if screen is None:
        return
    available = screen.availableGeometry().marginsRemoved(_frame_margins(others))
    rect = fit_rect(window.geometry(), available) if restored else default_rect(available)
    taken = [other.geometry().topLeft() for other in others if other.isVisible()]
    window.setGeometry(cascade(rect, taken, available))


def _frame_margins(others: Iterable[QWidget]) -> QMargins:
    """The window manager's frame, as a shown window of ours has it, else a title bar's worth."""
    for other in others:
        if other.isVisible():
            frame, inner = other.frameGeometry(), other.geometry()
            margins = QMargins(
                inner.left() - frame.left(),
                inner.top() - frame.top(),
                frame.right() - inner.right(),
                frame.bottom() - inner.bottom(),
            )
            if margins.top() > 0:
                return margins
    return FRAME_ALLOWANCE
