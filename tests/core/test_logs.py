"""The log: a rotating file in the state folder with every caught exception's traceback,
and the terminal too with --verbose."""

import logging

from editor.core.logs import LOG_FILE_NAME, configure_logging, log_folder


def test_the_state_folder_follows_xdg(tmp_path):
    assert log_folder({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "article-editor"
    assert log_folder({"XDG_STATE_HOME": "relative"}).parts[-3:] == (
        ".local",
        "state",
        "article-editor",
    )


def test_a_caught_exception_is_logged_with_its_traceback(tmp_path, capsys):
    path = configure_logging(folder=tmp_path)
    assert path == tmp_path / LOG_FILE_NAME
    try:
        {}["missing"]
    except KeyError:
        logging.getLogger("editor.core.somewhere").exception("reading refs.bib failed")
    logging.getLogger("editor.core.somewhere").debug("not without --verbose")
    for handler in logging.getLogger("editor").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "ERROR editor.core.somewhere: reading refs.bib failed" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'missing'" in text
    assert "not without --verbose" not in text
    assert capsys.readouterr().err == ""


def test_verbose_also_writes_to_the_terminal_and_configuring_again_adds_no_handler(
    tmp_path, capsys
):
    configure_logging(verbose=True, folder=tmp_path)
    configure_logging(verbose=True, folder=tmp_path)
    logging.getLogger("editor.cli").debug("resolved the bibliography")
    err = capsys.readouterr().err
    assert err.count("DEBUG editor.cli: resolved the bibliography") == 1
    configure_logging(folder=tmp_path)  # leave the quiet set-up for other tests


def test_an_unwritable_folder_costs_nothing_but_the_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert configure_logging(folder=blocker / "logs") is None
    logging.getLogger("editor.core").error("still fine")
