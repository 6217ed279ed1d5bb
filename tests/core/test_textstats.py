from editor.core.textstats import count_words, reading_minutes


def test_markup_is_not_counted_and_urls_count_once():
    text = (
        "# A heading\n\n- one item\n- two\n\n| a | b |\n|---|---|\n\n"
        "See https://example.org/x -- ok"
    )
    # A, heading, one, item, two, a, b, See, the URL, ok
    assert count_words(text) == 10


def test_words_with_apostrophes_and_hyphens_are_single_words():
    assert count_words("Ketamine’s treatment-resistant patients don't") == 4


def test_reading_time():
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(2300) == 10
