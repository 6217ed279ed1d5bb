"""Files that are not UTF-8: a clear refusal with the choices, a chosen encoding read and
written back byte for byte, never mojibake."""

import pytest

from editor.core.fileio import (
    FileError,
    TextFormat,
    detect_encoding,
    read_document,
    write_text_atomic,
)

LATIN1 = "Café crème, naïve façade — no: ±½\r\nSecond line ÿ\r\n"


def test_latin1_file_is_refused_with_its_choices_then_read_and_saved_back(tmp_path):
    path = tmp_path / "old.md"
    original = LATIN1.replace("—", "-").encode("latin-1")
    path.write_bytes(original)
    with pytest.raises(FileError, match=r"old.md:1: not valid UTF-8 text"):
        read_document(path)
    assert detect_encoding(original) == ["cp1252", "latin-1"]
    text, text_format = read_document(path, encoding="latin-1")
    assert text.startswith("Café crème, naïve façade - no: ±½\nSecond line ÿ")
    assert text_format == TextFormat(newline="\r\n", bom=False, encoding="latin-1")
    write_text_atomic(path, text, text_format)
    assert path.read_bytes() == original
    write_text_atomic(path, text + "Added é\n", text_format)
    assert path.read_bytes() == original + "Added é\r\n".encode("latin-1")


def test_cp1252_quotes_read_as_cp1252(tmp_path):
    path = tmp_path / "win.md"
    data = "“Quoted” – dash €5".encode("cp1252")
    path.write_bytes(data)
    assert detect_encoding(data)[0] == "cp1252"
    text, text_format = read_document(path, encoding="cp1252")
    assert text == "“Quoted” – dash €5"
    write_text_atomic(path, text, text_format)
    assert path.read_bytes() == data


def test_a_character_the_encoding_cannot_hold_is_refused_not_replaced(tmp_path):
    path = tmp_path / "old.md"
    path.write_bytes("Café\n".encode("latin-1"))
    text, text_format = read_document(path, encoding="latin-1")
    with pytest.raises(FileError, match=r"old.md:2: cannot write: '😀' cannot be saved as latin-1"):
        write_text_atomic(path, text + "Smile 😀\n", text_format)
    assert path.read_bytes() == "Café\n".encode("latin-1")  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["old.md"]  # no temporary left behind


def test_wrong_explicit_encoding_is_a_clear_error(tmp_path):
    path = tmp_path / "bytes.md"
    path.write_bytes(b"ok\n\x81\x8d\n")
    with pytest.raises(FileError, match=r"bytes.md:2: cannot be read as cp1252"):
        read_document(path, encoding="cp1252")
    with pytest.raises(FileError, match="unknown encoding"):
        read_document(path, encoding="no-such-codec")
    assert detect_encoding(b"ok\n\x81\x8d\n") == ["latin-1"]


@pytest.mark.parametrize("bom, name", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_a_bom_opens_and_saves_back_unchanged(tmp_path, bom, name):
    path = tmp_path / "wide.md"
    data = bom + "Zoë\r\nλ line\r\n".encode(name)
    path.write_bytes(data)
    assert detect_encoding(data) == [name]
    text, text_format = read_document(path)
    assert text == "Zoë\nλ line\n"
    assert text_format == TextFormat(newline="\r\n", bom=True, encoding=name)
    write_text_atomic(path, text, text_format)
    assert path.read_bytes() == data


def test_utf8_with_bom_is_kept(tmp_path):
    path = tmp_path / "bom.md"
    data = b"\xef\xbb\xbfHello \xc3\xa9\n"
    path.write_bytes(data)
    assert detect_encoding(data) == ["utf-8"]
    text, text_format = read_document(path, encoding="utf-8")
    assert text == "Hello é\n" and text_format.bom
    write_text_atomic(path, text, text_format)
    assert path.read_bytes() == data


def test_binary_and_huge_files_are_refused_with_a_reason(tmp_path, monkeypatch):
    import pytest

    from editor.core import fileio
    from editor.core.fileio import FileError, read_document

    binary = tmp_path / "figure.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(FileError, match="not a text file"):
        read_document(binary)
    big = tmp_path / "big.md"
    big.write_text("word " * 300, encoding="utf-8")
    monkeypatch.setattr(fileio, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(FileError, match="too large to edit"):
        read_document(big)
