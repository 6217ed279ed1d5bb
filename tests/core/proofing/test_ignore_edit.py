"""Ignoring rules and texts in the front matter, changing only the ``proofing`` lines."""

from editor.core.proofing.checker import ignored
from editor.core.proofing.findings import ProofDocument
from editor.core.proofing.ignore_edit import ignore_edit


def apply(text, rule, ignored_text=None):
    edit = ignore_edit(text, rule, ignored_text)
    return None if edit is None else edit.apply(text)


def test_a_document_without_front_matter_gets_one():
    assert (
        apply("Body 50-70.\n", "range") == "---\nproofing:\n  ignore: [range]\n---\n\nBody 50-70.\n"
    )


def test_other_keys_stay_as_written_and_the_proofing_key_grows():
    text = (
        "---\ntitle:   'Odd  spacing'  # a comment\nproofing:\n  ignore: [range]\n"
        "lang: en-GB\n---\n\nBody\n"
    )
    changed = apply(text, "spelling", "Zorb")
    assert changed == (
        "---\ntitle:   'Odd  spacing'  # a comment\nproofing:\n  ignore: [range]\n"
        "  ignore-text: ['spelling: Zorb']\nlang: en-GB\n---\n\nBody\n"
    )
    rules, texts = ignored(ProofDocument(changed))
    assert rules == {"range"} and texts == {("spelling", "Zorb")}


def test_nothing_to_do_when_already_ignored_or_the_yaml_is_broken():
    assert apply("---\nproofing:\n  ignore: [range]\n---\n", "range") is None
    assert apply("---\ntitle: [unclosed\n---\n\nBody\n", "range") is None


def test_a_text_with_quotes_and_colons_reads_back():
    text = "---\ntitle: T\n---\n\nBody\n"
    changed = apply(text, "punctuation", "“it’s: odd”")
    assert ignored(ProofDocument(changed))[1] == {("punctuation", "“it’s: odd”")}
