"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every Qt call that returns
nothing, and a reference to ``True``/``False`` on every signal emission; after some thousands
of keystrokes CPython aborts with "deallocating None". pyproject.toml pins a sound release;
this test fails plainly, instead of crashing, if a broken one comes back.
"""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    flag = Signal(bool)


def test_void_calls_and_signals_keep_reference_counts(qapp):
    label = QLabel()
    emitter = _Emitter()
    seen = []
    emitter.flag.connect(seen.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        emitter.flag.emit(True)
    seen.clear()
    assert abs(sys.getrefcount(None) - none_before) < 100
    assert abs(sys.getrefcount(True) - true_before) < 100
