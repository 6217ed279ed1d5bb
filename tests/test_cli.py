import logging
import os
import subprocess
import sys
from pathlib import Path

from editor.cli import main
from editor.core.logs import configure_logging
from tests.conftest import run_cli_without_qt

PROJECT = Path(__file__).resolve().parent.parent


def test_export_writes_standalone_html(tmp_path, fixtures, capsys):
    target = tmp_path / "out.html"
    assert main(["export", str(fixtures / "features.md"), "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<title>Dosing and titration</title>" in html
    assert '<meta name="author" content="Ann Smith">' in html
    assert ".ae-block" not in html.split("<style>")[0]  # preview-only wrappers
    assert "<style>" in html and "font-family" in html  # the article CSS is embedded
    assert '<h1 class="title">Dosing <em>and</em> titration</h1>' in html
    assert "Wrote" in capsys.readouterr().out


def test_export_without_title_uses_the_file_name(tmp_path):
    source = tmp_path / "field-notes.md"
    source.write_text("Just text.", encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "x.html")]) == 0
    assert "<title>field-notes</title>" in (tmp_path / "x.html").read_text()


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nope.md"), "-o", str(tmp_path / "x.html")]) == 2
    assert "nope.md: no such file" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_unwritable_output_is_a_clear_error(tmp_path, fixtures, capsys):
    target = tmp_path / "missing-folder" / "x.html"
    assert main(["export", str(fixtures / "features.md"), "-o", str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_unknown_output_format_is_refused(tmp_path, fixtures, capsys):
    assert main(["export", str(fixtures / "features.md"), "-o", str(tmp_path / "x.rtf")]) == 2
    assert "format" in capsys.readouterr().err
    assert not (tmp_path / "x.rtf").exists()


def test_malformed_front_matter_warns_with_the_line(tmp_path, capsys):
    source = tmp_path / "bad.md"
    source.write_text("---\ntitle: [oops\n---\n\nBody.", encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "x.html")]) == 0
    assert f"{source}:2: warning: front matter is not valid YAML" in capsys.readouterr().err


def test_export_command_never_loads_qt(tmp_path, fixtures):
    """The command line works on machines without a display: it must not import Qt."""
    result = run_cli_without_qt(
        "export", str(fixtures / "features.md"), "-o", str(tmp_path / "x.html")
    )
    assert result.returncode == 0, result.stderr


def test_python_dash_m_editor_runs_the_command_line(tmp_path, fixtures):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "editor",
            "export",
            str(fixtures / "features.md"),
            "-o",
            str(tmp_path / "m.html"),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.html").is_file()


def test_gui_without_a_display_says_so(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "editor", str(tmp_path / "a.md")],
        env=env,
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no display found" in result.stderr and "article-editor export" in result.stderr


def test_export_embeds_local_images_and_keeps_remote_ones(tmp_path, fixtures):
    source = tmp_path / "a.md"
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "chart one.svg").write_bytes((fixtures / "figure.svg").read_bytes())
    source.write_text(
        "![Local chart](img/chart%20one.svg)\n\n![Remote](https://example.org/r.png)\n\n"
        "![Missing](nowhere.png)",
        encoding="utf-8",
    )
    assert main(["export", str(source), "-o", str(tmp_path / "a.html")]) == 0
    html = (tmp_path / "a.html").read_text()
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'src="https://example.org/r.png"' in html
    assert 'src="nowhere.png"' in html


def test_export_formats_citations_and_reports_unknown_keys(tmp_path, fixtures, capsys):
    source = fixtures / "cite" / "article.md"
    target = tmp_path / "cited.html"
    assert main(["export", str(source), "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert "(Marsh and Okafor, 2021, p. 414)" in html
    assert '<div id="ref-lee2019" class="csl-entry"' in html
    err = capsys.readouterr().err
    assert f"{source}:7: warning: unknown citation key 'nobody2000'" in err


def test_export_bibliography_and_csl_options(tmp_path, fixtures, capsys):
    source = tmp_path / "plain.md"
    source.write_text("As @lee2019 wrote.", encoding="utf-8")
    target = tmp_path / "out.html"
    bib = fixtures / "cite" / "refs.json"
    assert main(["export", str(source), "-o", str(target), "--bibliography", str(bib)]) == 0
    assert "Lee (2019)" in target.read_text(encoding="utf-8")
    missing = tmp_path / "nope.csl"
    assert (
        main(
            [
                "export",
                str(source),
                "-o",
                str(tmp_path / "x.html"),
                "--bibliography",
                str(bib),
                "--csl",
                str(missing),
            ]
        )
        == 2
    )
    assert "nope.csl: no such file" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_export_csl_option_takes_a_style_id(tmp_path, fixtures, capsys):
    source = tmp_path / "plain.md"
    source.write_text("As shown [@lee2019].", encoding="utf-8")
    bib = str(fixtures / "cite" / "refs.json")
    target = tmp_path / "bmj.html"
    assert (
        main(["export", str(source), "-o", str(target), "--bibliography", bib, "--csl", "bmj"]) == 0
    )
    html = target.read_text(encoding="utf-8")
    assert 'data-cites="lee2019">[1]</span>' in html  # BMJ: numbers in brackets
    arguments = ["export", str(source), "-o", str(tmp_path / "x.html"), "--bibliography", bib]
    assert main([*arguments, "--csl", "no-such-style"]) == 2
    assert (
        "article-editor: citation style 'no-such-style': no style has this id or title"
        in capsys.readouterr().err
    )


def test_export_with_a_note_style_warns_and_uses_the_default_style(tmp_path, fixtures, capsys):
    source = tmp_path / "plain.md"
    source.write_text("As shown [@lee2019].", encoding="utf-8")
    bib = str(fixtures / "cite" / "refs.json")
    target = tmp_path / "notes.html"
    arguments = ["export", str(source), "-o", str(target), "--bibliography", bib]
    assert main([*arguments, "--csl", "chicago-notes-bibliography"]) == 0
    err = capsys.readouterr().err
    assert (
        "(notes and bibliography) is a note style (footnotes); Article Editor formats "
        "author-date and numeric styles only; using Cite Them Right Harvard"
    ) in err
    assert err.count("is a note style") == 1
    assert "(Lee, 2019)" in target.read_text(encoding="utf-8")


def _flush_log() -> None:
    for handler in logging.getLogger("editor").handlers:
        handler.flush()


def test_verbose_before_or_after_the_command_prints_debug_lines(tmp_path, fixtures, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    source = str(fixtures / "features.md")
    for args in (
        ["--verbose", "export", source, "-o", str(tmp_path / "a.html")],
        ["export", source, "-o", str(tmp_path / "b.html"), "--verbose"],
    ):
        result = run_cli_without_qt(*args)
        assert result.returncode == 0, result.stderr
        assert "DEBUG editor.cli: exporting" in result.stderr
        assert str(tmp_path / "state" / "article-editor" / "article-editor.log") in result.stderr
    quiet = run_cli_without_qt("export", source, "-o", str(tmp_path / "c.html"))
    assert quiet.returncode == 0 and "DEBUG" not in quiet.stderr


def test_a_broken_bibliography_reader_is_logged_with_its_traceback(
    tmp_path, fixtures, monkeypatch, capsys
):
    # A reader bug cannot be caused with any input we know of, so the reader is made to fail.
    from editor.core.citations import bibliography

    def broken_reader(text):
        raise ZeroDivisionError("a reader bug")

    monkeypatch.setattr(bibliography, "read_csl_json", broken_reader)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    source = tmp_path / "plain.md"
    source.write_text("As @lee2019 wrote.", encoding="utf-8")
    bib = fixtures / "cite" / "refs.json"
    try:
        args = ["export", str(source), "-o", str(tmp_path / "out.html"), "--bibliography", str(bib)]
        assert main(args) == 0
        _flush_log()
        log_text = (tmp_path / "state" / "article-editor" / "article-editor.log").read_text()
    finally:
        configure_logging(folder=tmp_path)  # no handler left on the state folder
    err = capsys.readouterr().err
    assert f"{bib}" in err and "could not be read (ZeroDivisionError: a reader bug)" in err
    assert f"ERROR editor.core.citations.bibliography: reading the bibliography {bib}" in log_text
    assert "Traceback (most recent call last)" in log_text
    assert "in broken_reader" in log_text and "ZeroDivisionError: a reader bug" in log_text
