"""The proofing rules on text written for them, with real enchant dictionaries."""

import pytest

from editor.core.proofing.checker import Checker, default_rules
from editor.core.proofing.findings import ProofDocument
from editor.core.proofing.references import HandCitationsRule
from editor.core.proofing.spelling import SpellChecker, available_languages

pytestmark = pytest.mark.skipif(
    not {"en_GB", "en_US"} <= set(available_languages()), reason="needs hunspell-en-gb and -us"
)


@pytest.fixture(scope="module")
def british():
    return Checker(default_rules(SpellChecker("en_GB", use_medical=True)))


def kinds(checker, text, rule=None):
    return [(f.kind, f.text) for f in checker.check(text) if rule is None or f.kind == rule]


def test_medical_terms_keep_british_english_british():
    checker = SpellChecker("en_GB", use_medical=True)
    for american in ("anesthetic", "anemia", "tumor", "color"):
        assert not checker.check(american), american
    assert checker.check("anaesthetic") and checker.check("ketamine")
    american = SpellChecker("en_US", use_medical=True)
    assert american.check("anemia") and american.check("tumor")
    assert not american.check("anaesthetic")  # the British spelling, not a medical term


def test_variant_spellings_are_named_with_the_documents_spelling(british):
    found = [f for f in british.check("An anesthetic and a tumor.\n") if f.kind == "variant"]
    assert [(f.text, f.fix.replacement) for f in found] == [
        ("anesthetic", "anaesthetic"),
        ("tumor", "tumour"),
    ]
    assert kinds(british, "An anaesthetic, a tumour and the colour of anaemia.\n") == []


def test_ise_and_ize_mixed_flags_the_minority(british):
    text = "We randomised them, organised it and randomized the rest.\n"
    assert kinds(british, text, "variant") == [("variant", "randomized")]
    assert kinds(british, "We randomized and organized.\n", "variant") == []
    assert kinds(british, "We advised and randomized.\n", "variant") == []


def test_reference_list_words_are_known_and_citations_matched(british):
    text = (
        "Shown (Jelovac et al., 2025) and by Murrough (2013); also (Feder, 2014).\n\n"
        "## References\n\n"
        "Jelovac, A., Shiroma, P. (2025). Ketamine. Journal.\n"
        "Murrough, J. W. (2013). Antidepressant efficacy. Journal.\n"
        "Zarate, C. (2006). A trial. Journal.\n"
    )
    found = [(f.kind, f.message) for f in british.check(text)]
    assert ("citations-hand", "cited but not in the reference list: Feder (2014)") in found
    assert ("citations-hand", "listed but never cited: Zarate (2006)") in found
    assert not [f for f in found if f[0] == "spelling"]


def test_the_words_spelling_accepts_beyond_the_dictionary_are_named(british):
    text = (
        "The Jelovac method measured the tumor; Qwzxv did not.\n\n"
        "## References\n\n"
        "Jelovac, A. (2025). Ketamine. Journal.\n"
    )
    document = ProofDocument(text, "en_GB")
    found = british.check_document(document)
    spelling = next(rule for rule in british.rules if rule.id == "spelling")
    accepted = spelling.accepted_words(document)
    assert {"Jelovac", "tumor"} <= accepted
    assert "Qwzxv" not in accepted and "Ketamine" not in accepted  # rejected; in the dictionary
    assert [(f.kind, f.text) for f in found if f.kind in ("spelling", "variant")] == [
        ("variant", "tumor"),
        ("spelling", "Qwzxv"),
    ]


def test_hand_typed_citations_in_every_author_date_form():
    text = (
        "One (Jelovac et al., 2025). Zarate et al. (2006) and aan het Rot et al. (2012).\n"
        "Both (Coyle & Laws, 2015; Feder et al., 2014), a paper (The Guardian, 2024),\n"
        "see (Murrough, 2013, p. 4), Shiroma and Kearney (2020), (Smith, 2010, 2011),\n"
        "(e.g., Price 2009), Berman et al. (2000a) and (World Health Organization, 2023).\n\n"
        "# References\n\n"
        "- aan het Rot, M. (2012). Ketamine. Biol Psychiatry.\n"
        "- Berman, R. M. (2000a). Effects. Biol Psychiatry.\n"
        "- Coyle, C. M., & Laws, K. R. (2015). Use. Hum Psychopharmacol.\n"
        "- Feder, A. (2014). Efficacy. JAMA Psychiatry.\n"
        "- Jelovac, A. (2025). Ketamine. J Affect Disord.\n"
        "- Murrough, J. W. (2013). Efficacy. Am J Psychiatry.\n"
        "- Price, R. B. (2009). Effects. Biol Psychiatry.\n"
        "- Shiroma, P. R. (2020). Ketamine. J Affect Disord.\n"
        "- Smith, J. (2010). One. Journal.\n"
        "- Smith, J. (2011). Two. Journal.\n"
        "- The Guardian (2024). Ketamine clinics. The Guardian.\n"
        "- World Health Organization. (2023). Depression. WHO.\n"
        "- Zarate, C. A. (2006). A trial. Arch Gen Psychiatry.\n"
    )
    assert HandCitationsRule().check(ProofDocument(text)) == []
    broken = text.replace("Zarate et al. (2006)", "Zarate et al. (2007)")
    messages = [f.message for f in HandCitationsRule().check(ProofDocument(broken))]
    assert messages == [
        "cited but not in the reference list: Zarate (2007)",
        "listed but never cited: Zarate (2006)",
    ]


def test_lorem_ipsum_is_one_finding_not_dozens(british):
    text = (
        "Real text.\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\n"
        "eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n"
        "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.\n"
    )
    found = british.check(text)
    assert [(f.kind, f.line, f.last_line) for f in found] == [("placeholder", 3, 6)]


def test_placeholders(british):
    text = "Add this TODO. A claim [citation needed]. Dear {{name}}, [Insert figure here].\n"
    assert [t for _k, t in kinds(british, text, "placeholder")] == [
        "TODO",
        "[citation needed]",
        "{{name}}",
        "[Insert figure here]",
    ]
    assert kinds(british, "Today the todo list was done.\n", "placeholder") == []


def test_repeated_words(british):
    assert kinds(british, "It was in the the first week.\n", "repeated-word") == [
        ("repeated-word", "the the")
    ]
    assert kinds(british, "What he had had was that that mattered.\n", "repeated-word") == []


def test_hyphenation_of_one_compound_two_ways(british):
    text = "The KARMA\u2011Dep 2 trial; KARMA-Dep 2 results; KARMA-Dep 2 again.\n"
    found = [f for f in british.check(text) if f.kind == "hyphenation"]
    assert [(f.text, f.fix.replacement) for f in found] == [("KARMA\u2011Dep", "KARMA-Dep")]
    text = "A follow-up visit; a second follow-up. We follow up later.\n"
    assert kinds(british, text, "hyphenation") == [("hyphenation", "follow up")]
    assert kinds(british, "A follow-up visit; a second follow-up.\n", "hyphenation") == []


def test_ranges_take_an_en_dash(british):
    text = "In 50-70% of cases, pp. 152-163, but COVID-19 on 2024-05-01.\n"
    assert [f.fix.replacement for f in british.check(text) if f.kind == "range"] == [
        "50–70",
        "152–163",
    ]
    assert kinds(british, "In 50–70% of cases, pp. 152–163.\n", "range") == []


def test_number_unit_spacing_used_both_ways(british):
    text = "In 71 % of cases, 70% of others and 65% of the rest.\n"
    assert kinds(british, text, "unit-spacing") == [("unit-spacing", "71 %")]
    assert kinds(british, "In 71% of cases and 5 mg doses.\n", "unit-spacing") == []


def test_abbreviations_spelled_out_first(british):
    text = (
        "The MADRS fell. The Montgomery–Åsberg Depression Rating Scale (MADRS) is used.\n"
        "The NHS and the WHO need none. Treatment-resistant depression (TRD) then TRD.\n"
    )
    found = [f.message for f in british.check(text) if f.kind == "abbreviation"]
    assert found == ["“MADRS” is used before it is spelled out (line 1)"]


def test_spaces_punctuation_and_brackets(british):
    text = "Two  spaces,, a comma , and (an open bracket.\n\nA “quote” and (a pair).\n"
    found = kinds(british, text, "punctuation")
    assert found == [
        ("punctuation", "  "),
        ("punctuation", ",,"),
        ("punctuation", " ,"),
        ("punctuation", "("),
    ]


def test_link_markup_is_neither_a_lone_bracket_nor_a_space_before_a_full_stop(british):
    text = (
        'See [the registry](https://registry.example/x "Trial") and ![A chart](img/c.png)\n'
        "and [the protocol][protocol-label].\n"
    )
    assert kinds(british, text, "punctuation") == []
    assert kinds(british, "An (open bracket and [a link](https://x.example).\n", "punctuation") == [
        ("punctuation", "(")
    ]


def test_never_inside_code_urls_or_front_matter_keys(british):
    text = (
        "---\ntitle: A the the title\nbibliography: refs-50-70.bib\n---\n\n"
        "See `the the 50-70` and https://example.org/the-the/50-70 here.\n\n"
        "```\nthe the  50-70 TODO\n```\n\nBut the the prose.\n"
    )
    assert [(f.kind, f.line) for f in british.check(text)] == [("repeated-word", 12)]


def test_front_matter_ignores_rules_and_texts(british):
    text = (
        "---\nproofing:\n  ignore: [range]\n  ignore-text: ['variant: tumor']\n---\n\n"
        "In 50-70% of cases a tumor, an anemia.\n"
    )
    assert kinds(british, text) == [("variant", "anemia")]
