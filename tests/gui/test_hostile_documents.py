"""A hostile document in the real preview: nothing in it runs, nothing is fetched from the web,
no file outside the document's folder is read, and its links cannot navigate the preview."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
)

from editor.gui.dialogs import UnsavedChoice
from editor.gui.preview import PreviewRequestGuard
from tests.test_hostile_export import png_bytes, write_hostile_document

_IMAGE = QWebEngineUrlRequestInfo.ResourceType.ResourceTypeImage
_SCRIPT = QWebEngineUrlRequestInfo.ResourceType.ResourceTypeScript
_ALL_IMAGES_SETTLED = "[...document.images].every(img => img.complete)"


def open_hostile(make_window, page, tmp_path, web_server):
    source = write_hostile_document(tmp_path, remote=web_server.url)
    window = make_window()
    assert window.open_path(source)
    view = page(window)
    view.wait_for("document.getElementById('ae-content').innerText.includes('Last paragraph.')")
    view.wait_for(_ALL_IMAGES_SETTLED)
    return window, view


def natural_width(view, alt: str) -> int:
    return view.js(f"document.querySelector('img[alt=\"{alt}\"]').naturalWidth")


def test_hostile_document_runs_nothing_and_fetches_nothing(
    make_window, page, tmp_path, web_server, qtbot
):
    window, view = open_hostile(make_window, page, tmp_path, web_server)
    # Sanitised away: no element that runs, embeds, submits or redirects.
    assert (
        view.js(
            "document.querySelectorAll('script, iframe, object, embed, form, input, svg, "
            "style:not(head style), meta[http-equiv=refresh i]').length"
        )
        == 0
    )
    assert (
        view.js(
            "[...document.querySelectorAll('*')].flatMap(el => [...el.attributes])"
            ".filter(a => a.name.startsWith('on')).map(a => a.name)"
        )
        == []
    )
    hrefs = view.js(
        "[...document.querySelectorAll('[href], [src]')]"
        ".map(el => el.getAttribute('href') || el.getAttribute('src'))"
    )
    assert not [url for url in hrefs if url.lower().startswith(("javascript:", "file:"))]
    assert "pwned" not in view.js("JSON.stringify(document.body.dataset)")
    # The page itself runs no script: only the editor's isolated world does.
    settings = window.preview.page().settings()
    assert not settings.testAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled)
    # Images: only the one in the document's folder loaded.
    assert natural_width(view, "inside") == 9
    for alt in ("outside", "remote", "web"):
        assert natural_width(view, alt) == 0, alt
    assert natural_width(view, "hostname") == 0
    qtbot.wait(200)
    assert web_server.requests == []
    guard = window.preview.request_guard
    assert any(url.endswith("/outside.png") for url in guard.blocked), guard.blocked
    assert not any(url.endswith("/inside.png") for url in guard.blocked)


def test_scripts_stay_dead_even_if_unsanitised_html_reached_the_page(
    make_window, page, tmp_path, web_server, qtbot
):
    """Defence in depth: hand the page raw hostile HTML, bypassing the sanitiser."""
    window, view = open_hostile(make_window, page, tmp_path, web_server)
    raw = (
        "<script>document.body.dataset.pwned='script'</script>"
        "<img src=nowhere.png onerror=\"document.body.dataset.pwned='onerror'\" alt=raw>"
        "<svg onload=\"document.body.dataset.pwned='svg'\"></svg>"
        f'<iframe src="{web_server.url}/frame"></iframe>'
        f'<img src="{web_server.url}/raw.png" alt=rawremote>'
        f'<div style="background:url({web_server.url}/bg.png)">styled</div>'
        '<img src="file:///etc/hostname" alt=rawfile>'
    )
    patched = []
    window.preview.patched.connect(patched.append)
    window.preview.show_fragments(10_000, [raw])
    qtbot.waitUntil(lambda: 10_000 in patched, timeout=5000)
    view.wait_for("document.querySelector('img[alt=rawfile]') !== null")
    view.wait_for(_ALL_IMAGES_SETTLED)
    qtbot.wait(300)
    assert view.js("document.body.dataset.pwned === undefined")
    assert natural_width(view, "rawremote") == 0
    assert natural_width(view, "rawfile") == 0
    assert web_server.requests == []


def test_remote_images_load_only_when_allowed(make_window, page, tmp_path, web_server):
    window, view = open_hostile(make_window, page, tmp_path, web_server)
    assert natural_width(view, "remote") == 0
    window.preview.set_remote_images(True)
    # The page is reloaded with a policy that lets web images in, and the content comes back.
    view.wait_for("document.querySelector('img[alt=remote]')?.naturalWidth === 11")
    assert "http:" in view.js(
        "document.querySelector('meta[http-equiv=Content-Security-Policy]').content"
    )
    assert web_server.requests == ["/x.png"]  # an image; nothing else the document names
    assert natural_width(view, "outside") == 0  # local files stay inside the folder
    window.preview.set_remote_images(False)
    # Wait for the reloaded page itself: the old one still shows the content until it goes.
    view.wait_for(
        "((document.querySelector('meta[http-equiv=Content-Security-Policy]') || {}).content"
        " || 'http:').indexOf('http:') < 0"
    )
    view.wait_for("document.getElementById('ae-content').innerText.includes('Last paragraph.')")


def test_script_and_file_links_are_dead(
    make_window, page, tmp_path, web_server, qtbot, monkeypatch
):
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", opened.append)
    window, view = open_hostile(make_window, page, tmp_path, web_server)
    url_before = window.preview.url()
    links = view.js(
        "[...document.querySelectorAll('#ae-content a')]"
        ".map(a => [a.textContent, a.getAttribute('href')])"
    )
    assert ["script link", None] in links
    assert ["a file link", None] in links
    assert ["a raw file link", None] in links
    for text in ("script link", "a file link", "a raw file link"):
        view.js(
            f"([...document.querySelectorAll('a')].find(a => a.textContent === '{text}')"
            ".click(), true)"
        )
    qtbot.wait(300)
    assert opened == []
    assert window.preview.url() == url_before
    assert "pwned" not in view.js("JSON.stringify(document.body.dataset)")


def test_request_guard_decisions(tmp_path):
    folder = tmp_path / "doc"
    (folder / "figures").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(b"")
    os.symlink(tmp_path / "secret.png", folder / "link.png")
    guard = PreviewRequestGuard()
    guard.set_folder(folder)

    def file_url(path) -> QUrl:
        return QUrl.fromLocalFile(str(path))

    assert guard.allows(file_url(folder / "a.png"), _IMAGE)
    assert guard.allows(file_url(folder / "figures" / "b.png"), _IMAGE)
    assert guard.allows(QUrl.fromLocalFile(str(folder) + "/"), _IMAGE)
    assert not guard.allows(file_url(tmp_path / "secret.png"), _IMAGE)
    assert not guard.allows(QUrl(f"file://{folder}/../secret.png"), _IMAGE)
    assert not guard.allows(file_url(folder / "link.png"), _IMAGE)  # a symlink out
    assert not guard.allows(QUrl.fromLocalFile(str(folder) + "-sibling/c.png"), _IMAGE)
    assert not guard.allows(QUrl("file:///etc/passwd"), _IMAGE)
    assert guard.allows(QUrl("data:image/png;base64,AAAA"), _IMAGE)
    for url in (
        "https://example.org/x.png",
        "http://example.org/x.png",
        "ftp://e.org/x.png",
        "javascript:alert(1)",
        "made-up:thing",
    ):
        assert not guard.allows(QUrl(url), _IMAGE), url
    guard.remote_images = True
    assert guard.allows(QUrl("https://example.org/x.png"), _IMAGE)
    assert not guard.allows(QUrl("https://example.org/x.js"), _SCRIPT)
    assert not guard.allows(QUrl("file:///etc/passwd"), _IMAGE)
    guard.set_folder(None)
    assert not guard.allows(file_url(folder / "a.png"), _IMAGE)


# Front matter langs that would rewrite the page's head were they put into it as written.
_HOSTILE_LANGS = [
    'en"><meta http-equiv="refresh" content="0; url={remote}/refresh">',
    'en"><!--',  # comments out the head: no Content Security Policy
    'en"><base href="{remote}/">',
    "en\"></head><body><h1 id='hijack'>Hijacked</h1></body></html>",
    "en' onload='x",
    "</html>",
]


@pytest.mark.parametrize("lang", _HOSTILE_LANGS)
def test_a_hostile_lang_cannot_rewrite_the_preview_page(
    make_window, page, tmp_path, web_server, qtbot, lang
):
    lang = lang.format(remote=web_server.url)
    quoted = "'" + lang.replace("'", "''") + "'"
    source = tmp_path / "lang.md"
    source.write_text(
        f"---\ntitle: Lang\nlang: {quoted}\n---\n\n![pic](pic.png)\n\nLast paragraph.\n",
        encoding="utf-8",
    )
    (tmp_path / "pic.png").write_bytes(png_bytes(7, 2))
    window = make_window()
    messages = []
    window.previews.problem.connect(messages.append)
    assert window.open_path(source)
    view = page(window)
    view.wait_for("document.getElementById('ae-content').innerText.includes('Last paragraph.')")
    view.wait_for(_ALL_IMAGES_SETTLED)
    qtbot.wait(300)
    assert view.js("document.documentElement.lang") == "en"  # the default, not the value
    # The shell's own two attributes (the language and the theme's class), nothing added.
    names = view.js("[...document.documentElement.attributes].map(a => a.name)")
    assert sorted(names) == ["class", "lang"]
    head = view.js("[...document.head.children].map(e => e.tagName)")
    assert head == ["META", "META", "STYLE", "STYLE"]  # the shell's own, and nothing else
    assert (
        view.js("document.querySelectorAll('base, meta[http-equiv=refresh i], #hijack').length")
        == 0
    )
    csp = view.js("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert csp.startswith("default-src 'none'; img-src file: data:;")
    assert view.js("document.querySelector('img[alt=pic]').naturalWidth") == 7
    assert window.preview.url().toLocalFile() == str(tmp_path) + "/"  # never navigated
    assert web_server.requests == []
    assert any("lang" in message and "not a language tag" in message for message in messages)


_LINKS_DOCUMENT = """\
# Links

[web](https://example.org/page?q=1), [mail](mailto:someone@example.org),
[next chapter](chapter%202.md#intro), [outside note](../outside.markdown),
[script](run.sh), [launcher](payload.desktop), [binary](tool),
[passwd](/etc/passwd), [paper](paper.pdf), [gone](gone.pdf),
[custom](vscode://open?x=1), [jump](#section-two).

## Section two

Last paragraph.
"""


def test_each_kind_of_link_goes_where_it_belongs(make_window, page, tmp_path, qtbot, monkeypatch):
    """Clicked in the real preview: web and mail links go to the system's programs; markdown
    opens in the editor; any other local file is opened only if the user says yes; a program
    is never handed to the desktop (at most its folder); other schemes are refused."""
    desktop = []  # everything QDesktopServices.openUrl would open: the browser, the desktop
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", desktop.append)
    folder = tmp_path / "doc"
    folder.mkdir()
    source = folder / "links.md"
    source.write_text(_LINKS_DOCUMENT, encoding="utf-8")
    (folder / "chapter 2.md").write_text(
        "# Chapter two\n\n[outside note](../outside.markdown)\n\nSecond.\n", encoding="utf-8"
    )
    (tmp_path / "outside.markdown").write_text("Outside.\n", encoding="utf-8")
    (folder / "run.sh").write_text("#!/bin/sh\ntouch pwned\n", encoding="utf-8")
    (folder / "run.sh").chmod(0o755)
    (folder / "payload.desktop").write_text("[Desktop Entry]\nExec=touch pwned\n")
    (folder / "tool").write_bytes(b"\x7fELF")
    (folder / "tool").chmod(0o755)
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    window = make_window()
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    asked = []
    answers = {"paper.pdf": True, "passwd": False, "run.sh": True, "payload.desktop": False}

    def ask(kind):
        def answer(parent, path):
            assert parent is window
            asked.append((kind, path.name))
            return answers.get(path.name, False)

        return answer

    monkeypatch.setattr(window.dialogs, "ask_open_file", ask("open"))
    monkeypatch.setattr(window.dialogs, "ask_show_program_folder", ask("program"))
    assert window.open_path(source)
    view = page(window)
    view.wait_for("document.getElementById('ae-content')?.innerText.includes('Last paragraph.')")
    shell_url = window.preview.url()

    def click(text):
        view.js(
            f"([...document.querySelectorAll('a')].find(a => a.textContent === '{text}')"
            ".click(), true)"
        )
        qtbot.wait(150)

    click("web")
    # Chromium hands a clicked mailto: link to Qt's own external-protocol handler rather than
    # to the page: the navigation it would be is put to the page here.
    link_clicked = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    page_ = window.preview.page()
    assert not page_.acceptNavigationRequest(QUrl("mailto:someone@example.org"), link_clicked, True)
    for text in ("script", "launcher", "binary", "passwd", "paper", "gone"):
        click(text)
    for url in ("file:///etc/passwd#x", "javascript:alert(1)", "data:text/html,<b>x</b>"):
        assert not page_.acceptNavigationRequest(QUrl(url), link_clicked, True)
    click("custom")
    click("jump")
    view.wait_for("location.hash === '#section-two'")  # an in-page jump, in place
    # The preview never navigated away: at most it jumped to a fragment of itself.
    assert window.preview.url().toString().split("#")[0] == shell_url.toString()
    assert [url.toString() for url in desktop] == [
        "https://example.org/page?q=1",
        "mailto:someone@example.org",
        QUrl.fromLocalFile(str(folder)).toString(),  # run.sh's folder, shown, not run.sh
        QUrl.fromLocalFile(str(folder / "paper.pdf")).toString(),  # the user said yes
    ]
    assert asked == [
        ("program", "run.sh"),
        ("program", "payload.desktop"),
        ("program", "tool"),
        ("open", "passwd"),
        ("open", "paper.pdf"),
        ("open", "passwd"),  # file:///etc/passwd, asked again and refused again
    ]
    assert not (folder / "pwned").exists()
    assert any("gone.pdf" in message for message in messages)
    assert any("javascript links are not opened" in message for message in messages)
    assert any("data links are not opened" in message for message in messages)
    # A custom scheme never even becomes a link: the sanitiser keeps only http(s) and mailto.
    assert (
        view.js("[...document.querySelectorAll('a')].find(a => a.textContent === 'custom').href")
        == ""
    )

    # A markdown link opens that document in the editor, as File → Open does...
    click("next chapter")
    qtbot.waitUntil(lambda: window.session.path == folder / "chapter 2.md", timeout=5000)
    view.wait_for("document.getElementById('ae-content')?.innerText.includes('Second.')")
    # ...asking first about unsaved changes: Cancel keeps them, Discard goes on.
    choices = [UnsavedChoice.CANCEL, UnsavedChoice.DISCARD]
    monkeypatch.setattr(window.dialogs, "ask_unsaved_changes", lambda *_args: choices.pop(0))
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("\nUnsaved words.\n")
    view.wait_for("document.getElementById('ae-content').innerText.includes('Unsaved words.')")
    click("outside note")
    assert choices == [UnsavedChoice.DISCARD]
    assert window.session.path == folder / "chapter 2.md"
    assert "Unsaved words." in window.editor.toPlainText()
    click("outside note")
    qtbot.waitUntil(lambda: window.session.path == tmp_path / "outside.markdown", timeout=5000)
    assert window.editor.toPlainText() == "Outside.\n"
    assert all(url.scheme() in ("https", "mailto", "file") for url in desktop)
    assert not [url for url in desktop if url.toLocalFile().endswith((".md", ".markdown"))]
