"""Track Changes as text edits: typing, deleting and replacing recorded as marks, merged
with the mark beside them, never nested."""

import pytest

from editor.core.review.tracking import TrackingError, delete, insert, replace


def apply(segment, edit):
    text = segment[: edit.start] + edit.replacement + segment[edit.end :]
    return text[: edit.cursor] + "|" + text[edit.cursor :]


def typed(segment, position, chars):
    for char in chars:
        edit = insert(segment, position, char)
        segment = segment[: edit.start] + edit.replacement + segment[edit.end :]
        position = edit.cursor
    return segment[:position] + "|" + segment[position:]


def deleted(segment, position, times, backward=True):
    for _ in range(times):
        edit = delete(segment, position, backward)
        segment = segment[: edit.start] + edit.replacement + segment[edit.end :]
        position = edit.cursor
    return segment[:position] + "|" + segment[position:]


def test_typing_makes_one_insertion_that_grows():
    assert typed("ab", 1, "xyz") == "a{++xyz|++}b"
    # Typing right after an insertion (the cursor moved away and back) joins it.
    assert typed("a{++x++}b", 8, "y") == "a{++xy|++}b"


def test_typing_inside_a_deletion_types_after_it():
    assert typed("a{--old--}b", 5, "n") == "a{--old--}{++n|++}b"


def test_backspace_grows_one_deletion_leftwards():
    assert deleted("abcd", 3, 2) == "a|{--bc--}d"


def test_delete_grows_one_deletion_rightwards():
    assert deleted("abcd", 1, 2, backward=False) == "a{--bc--}|d"


def test_deleting_ones_own_insertion_removes_it_without_a_trace():
    assert deleted("a{++xy++}b", 9, 1) == "a{++x|++}b"
    assert deleted("a{++x++}b", 8, 1) == "a|b"


def test_backspace_over_a_comment_steps_over_it():
    assert deleted("a{>>note<<}b", 11, 1) == "a|{>>note<<}b"


def test_replacing_a_selection_makes_a_substitution_and_typing_continues_it():
    assert apply("one two three", replace("one two three", 4, 7, "2")) == "one {~~two~>2|~~} three"
    assert typed("one {~~two~>2~~} three", 13, "!") == "one {~~two~>2!|~~} three"


def test_deleting_a_selection_across_marks_keeps_the_original_text_only():
    segment = "a {++new ++}b {--c --}d"
    edit = replace(segment, 0, len(segment), "")
    assert apply(segment, edit) == "{--a b c d--}|"


def test_a_selection_inside_ones_insertion_is_a_plain_edit():
    assert apply("a{++hello++}b", replace("a{++hello++}b", 4, 9, "bye")) == "a{++bye|++}b"


def test_a_selection_holding_a_comment_is_refused():
    with pytest.raises(TrackingError):
        replace("a {==b==}{>>c<<} d", 0, 18, "x")
