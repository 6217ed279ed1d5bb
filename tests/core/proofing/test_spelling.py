"""The engine on the real enchant dictionaries (hunspell-en-gb, hunspell-en-us, hunspell-en-med)."""

import sys

import pytest

from editor.core.fileio import FileError
from editor.core.proofing.spelling import (
    DEFAULT_LANGUAGE,
    LanguageChoice,
    Misspelling,
    NullSpellChecker,
    SpellChecker,
    SpellingUnavailable,
    available_languages,
    choose_language,
    medical_word_list_path,
    normalise_language,
    personal_dictionary_path,
    read_medical_words,
    system_locale,
)

# Words of the hunspell-en-med list that hunspell-en-gb does not know.
ONLY_MEDICAL = ["dexmedetomidine", "remifentanil", "sevoflurane"]


@pytest.fixture(scope="module")
def british():
    return SpellChecker("en_GB")


@pytest.fixture
def medical_list():
    path = medical_word_list_path()
    if path is None:
        pytest.skip("hunspell-en-med is not installed")
    return path


def test_the_fixture_yields_exactly_its_misspellings_with_the_right_suggestion_first(
    british, fixtures
):
    found = british.misspellings((fixtures / "spelling.md").read_text(encoding="utf-8"))
    assert [(m.line, m.column, m.word, m.suggestions[0]) for m in found] == [
        (15, 70, "recieve", "receive"),
        (25, 71, "occured", "occurred"),
        (26, 14, "teh", "the"),
        (26, 30, "seperate", "separate"),
    ]
    assert all(isinstance(m, Misspelling) and len(m.suggestions) <= 8 for m in found)


def test_british_and_american_dictionaries_differ():
    american = SpellChecker("en-US")
    assert american.language == "en_US"
    assert not american.check("colour") and american.check("color")
    assert american.suggest("colour")[0] == "color"
    british = SpellChecker("en_gb")
    for word in ("colour", "organise", "anaesthetic", "behaviour", "randomised"):
        assert british.check(word), word
    assert not british.check("color") and not british.check("behavior")


def test_capitalisation(british):
    assert british.check("Colour") and british.check("COLOUR")
    assert not british.check("cOlour")
    assert british.check("Paris") and not british.check("paris")
    assert british.suggest("Recieve")[0] == "Receive"


def test_apostrophes_and_possessives(british):
    for word in ("don't", "don’t", "ketamine’s", "doctor's", "doctorʼs", "colour’s"):
        assert british.check(word), word
    assert british.suggest("wouldn’tt")[0] == "wouldn’t"  # the word's own apostrophe
    assert british.suggest("wouldn'tt")[0] == "wouldn't"


def test_abbreviations_listed_with_their_full_stop(british):
    assert british.check("etc") and british.check("cf")
    assert not british.check("ie")  # hunspell-en-gb lists only "i.e.", and "e.g." is two letters


def test_positions_after_an_emoji_are_code_points(british):
    found = british.misspellings("😀😀 A recieve\n\n   teh 😀 end")
    assert [(m.line, m.column, m.word) for m in found] == [(1, 6, "recieve"), (3, 4, "teh")]


def test_personal_dictionary_survives_a_new_checker(tmp_path):
    path = tmp_path / "new" / "folder" / "personal-dictionary.txt"
    checker = SpellChecker("en_GB", path)
    assert not checker.check("Jelovac") and not checker.check("Jelovac’s")
    checker.add_to_personal("Jelovac")
    assert checker.check("Jelovac") and checker.check("Jelovac’s")  # at once, cache cleared
    assert not checker.check("jelovac")  # a name stays capitalised
    checker.add_to_personal("psychedelicist")
    checker.add_to_personal("psychedelicist")
    assert path.read_text(encoding="utf-8") == "Jelovac\npsychedelicist\n"
    again = SpellChecker("en_GB", path)
    assert again.check("Jelovac") and again.check("Psychedelicist")
    assert again.misspellings("Jelovac and psychedelicist agree.") == []


def test_adding_to_a_file_without_a_final_newline(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("zorblax", encoding="utf-8")
    checker = SpellChecker("en_GB", path)
    assert checker.check("zorblax")
    checker.add_to_personal("don’tcha")
    assert path.read_text(encoding="utf-8") == "zorblax\ndon'tcha\n"
    assert checker.check("don’tcha") and checker.check("don'tcha")


def test_personal_words_must_be_one_word_and_the_file_writable(tmp_path):
    checker = SpellChecker("en_GB", tmp_path)  # a folder: cannot be appended to
    with pytest.raises(ValueError):
        checker.add_to_personal("two words")
    with pytest.raises(FileError, match="cannot write"):
        checker.add_to_personal("zorblax")


def test_without_a_personal_file_words_are_kept_for_the_session():
    checker = SpellChecker("en_GB")
    checker.add_to_personal("zorblax")
    assert checker.check("zorblax")
    assert not SpellChecker("en_GB").check("zorblax")


def test_ignore_lasts_for_the_checker_only(tmp_path):
    path = tmp_path / "personal.txt"
    checker = SpellChecker("en_GB", path)
    assert [m.word for m in checker.misspellings("Flurbo and recieve.")] == ["Flurbo", "recieve"]
    checker.ignore("Flurbo")
    assert [m.word for m in checker.misspellings("Flurbo and recieve.")] == ["recieve"]
    assert not path.exists()
    assert not SpellChecker("en_GB", path).check("Flurbo")


def test_medical_word_list(medical_list):
    checker = SpellChecker("en_GB")
    assert checker.medical_available and not checker.use_medical
    assert [w for w in ONLY_MEDICAL if checker.check(w)] == []
    checker.set_medical(True)
    for word in ONLY_MEDICAL + ["midazolam", "iatrogenic", "titration", "Sevoflurane"]:
        assert checker.check(word), word
    checker.set_medical(False)
    assert not checker.check("sevoflurane")
    assert SpellChecker("en_GB", use_medical=True).check("remifentanil")


def test_reading_a_medical_list_without_an_aff_file(tmp_path):
    path = tmp_path / "med.dic"
    path.write_text(
        "4\n    A header line\n\t  another one\n\nzorbomycin/S\nzorbopathy/SM\nZorbo\nplain\n",
        encoding="utf-8",
    )
    assert read_medical_words(path) == {
        "zorbomycin",
        "zorbomycins",
        "zorbopathy",
        "zorbopathies",
        "Zorbo",
        "plain",
    }
    checker = SpellChecker("en_GB", use_medical=True, medical_path=path)
    assert checker.check("Zorbomycin") and checker.check("zorbopathies")
    assert checker.check("Zorbo’s") and not checker.check("zorbo")
    assert not checker.check("zorbopathys")


def test_a_missing_language_names_the_available_ones():
    with pytest.raises(SpellingUnavailable) as raised:
        SpellChecker("tlh")
    assert "tlh" in str(raised.value) and "en_GB" in str(raised.value)
    # enchant itself would quietly hand out "en" for a region it has no dictionary for
    with pytest.raises(SpellingUnavailable, match="en-NZ"):
        SpellChecker("en-NZ")


def test_without_enchant_spelling_is_unavailable_and_the_null_checker_stands_in(monkeypatch):
    monkeypatch.setitem(sys.modules, "enchant", None)  # import enchant now fails
    assert available_languages() == []
    with pytest.raises(SpellingUnavailable, match="enchant"):
        SpellChecker("en_GB")
    null = NullSpellChecker()
    assert null.check("recieve") and null.suggest("recieve") == []
    assert null.misspellings("teh recieve") == [] and not null.medical_available
    null.add_to_personal("x")
    null.ignore("x")
    null.set_medical(True)
    assert null.skip_all_caps and null.language == ""


def test_available_languages_are_enchants():
    languages = available_languages()
    assert {"en_GB", "en_US"} <= set(languages) and languages == sorted(languages)


def test_normalise_language():
    assert normalise_language("en-GB") == "en_GB"
    assert normalise_language("en_gb") == "en_GB"
    assert normalise_language("en") == "en"
    assert normalise_language("en_GB.UTF-8") == "en_GB"
    assert normalise_language("en-GB-oxendict") == "en_GB"
    assert normalise_language("de_DE@euro") == "de_DE"
    assert normalise_language("  ") == ""


def test_choose_language_order():
    available = ["en", "en_AU", "en_GB", "en_US"]
    assert choose_language(["en-US", "en_AU"], "en_GB.UTF-8", available).language == "en_US"
    assert choose_language([None, "en_AU"], "en_US.UTF-8", available).language == "en_AU"
    assert choose_language(["", None], "en_US.UTF-8", available).language == "en_US"
    assert choose_language([None, None], "C.UTF-8", available).language == DEFAULT_LANGUAGE
    assert choose_language([None, None], None, available).language == "en_GB"
    assert choose_language(["en-NZ", None], None, available).language == "en_GB"  # same language
    # A bare "en" is British English here; enchant's "en" dictionary is American.
    assert choose_language(["en", None], None, available).language == "en_GB"
    assert choose_language(["en", None], None, ["en", "en_US"]).language == "en"
    assert choose_language(["de", "fr_FR"], None, ["de_CH", "de_DE"]).language == "de_CH"
    # no French: the default's language
    assert choose_language(["fr", None], None, ["en_US"]).language == "en_US"
    assert choose_language(["fr", None], None, ["de_DE"]).language is None
    assert choose_language([None, None], None, []).language is None


def test_choose_language_names_what_had_no_dictionary():
    # The document's menu choice, its lang: and the preference, in that order.
    available = ["en_GB", "en_US"]
    assert choose_language(["de_DE", "fr", "en_US"], "en_GB", available) == LanguageChoice(
        "en_US", ("de_DE", "fr")
    )
    assert choose_language(["de_DE"], "en_US.UTF-8", available) == LanguageChoice(
        "en_US", ("de_DE",)
    )


def test_system_locale_and_personal_path(monkeypatch, tmp_path):
    assert system_locale({"LANG": "en_GB.UTF-8"}) == "en_GB.UTF-8"
    assert system_locale({"LC_ALL": "en_US.UTF-8", "LANG": "en_GB.UTF-8"}) == "en_US.UTF-8"
    assert system_locale({}) is None
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert personal_dictionary_path() == tmp_path / "article-editor" / "personal-dictionary.txt"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert personal_dictionary_path() == (
        tmp_path / "home" / ".local" / "share" / "article-editor" / "personal-dictionary.txt"
    )


def test_all_caps_are_checked_when_asked():
    checker = SpellChecker("en_GB", skip_all_caps=False)
    assert [m.word for m in checker.misspellings("The TRD and NATO cohort.")] == ["TRD"]
    assert SpellChecker("en_GB").misspellings("The TRD and NATO cohort.") == []
