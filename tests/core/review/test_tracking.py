"""Track Changes as text edits: typing, deleting and replacing recorded as marks, merged
with the mark beside them, never nested."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.review.criticmarkup import parse
from editor.core.review.resolve import reject_all
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


def test_a_new_line_is_part_of_the_insertion():
    # Enter where one is typing: the line break goes into the insertion, and so does what
    # is typed on the new line.
    assert typed("The end.", 8, " More\nNext") == "The end.{++ More\nNext|++}"
    assert typed("ab", 1, "\nx") == "a{++\nx|++}b"


def test_a_blank_line_is_never_inside_a_mark():
    # Enter twice starts a paragraph: the insertion stops before the blank line; what is
    # typed after it is an insertion of its own.
    assert typed("The end.", 8, " More\n\nNew") == "The end.{++ More++}\n\n{++New|++}"
    assert typed("ab", 1, "\n\n") == "a\n\n|b"  # a bare paragraph break is not recorded
    assert typed("a{++xy++}b", 5, "\n\n") == "a{++x++}\n\n{++|y++}b"
    # In a substitution's new text: the old text deleted, the new one per paragraph.
    assert typed("a{~~old~>new~~}b", 11, "\n\n") == "a{--old--}{++ne++}\n\n{++|w++}b"


def test_deleting_a_line_break_is_a_deletion():
    assert deleted("one\ntwo", 4, 1) == "one|{--\n--}two"
    assert deleted("one\ntwo", 3, 1, backward=False) == "one{--\n--}|two"
    assert deleted("one\ntwo", 4, 2) == "on|{--e\n--}two"
    # A deleted paragraph break: one line break of it, the paragraphs join once accepted.
    assert deleted("one\n\ntwo", 5, 1) == "one\n|{--\n--}two"


def test_a_deletion_does_not_grow_over_a_blank_line():
    # The second line break would put a blank line inside the deletion: a mark of its own.
    assert deleted("x\n\ny", 1, 2, backward=False) == "x{--\n--}{--\n--}|y"
    assert deleted("x\n\ny", 3, 2) == "x|{--\n--}{--\n--}y"


def test_deleting_an_inserted_line_removes_it():
    assert deleted("a{++\n++}b", 5, 1) == "a|b"
    # Deleting the middle line of an insertion would leave a blank line inside it.
    assert deleted("a{++b\nc\nd++}e", 7, 1) == "a{++b++}\n|\n{++d++}e"


def test_replacing_across_paragraphs_marks_each_paragraph():
    edit = replace("one\n\ntwo", 1, 7, "X")
    assert apply("one\n\ntwo", edit) == "o{--ne--}\n\n{--tw--}{++X|++}o"
    edit = replace("one", 1, 2, "a\n\nb")
    assert apply("one", edit) == "o{--n--}{++a++}\n\n{++b|++}e"


_TYPED = st.sampled_from(["a", "b", " ", "\n", "xy"])
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["type", "back", "delete", "replace"]),
        st.integers(0, 400),
        _TYPED,
        st.integers(0, 6),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "one two", "one\ntwo", "a\n\nb c", "x y\nz\n\nw"]), _EDITS)
def test_tracked_edits_keep_the_markup_whole_and_the_original_recoverable(original, edits):
    text = original
    broke = "\n\n" in original  # a paragraph break, made untracked, is in the rejected text
    for action, where, chars, length in edits:
        where = where % (len(text) + 1)
        try:
            if action == "type":
                edit = insert(text, where, chars)
            elif action == "replace":
                edit = replace(text, where, min(len(text), where + length), chars)
            else:
                edit = delete(text, where, backward=action == "back")
        except TrackingError:
            continue
        if edit is not None:
            text = text[: edit.start] + edit.replacement + text[edit.end :]
            assert 0 <= edit.cursor <= len(text)
            broke = broke or re.search(r"\n[ \t]*\n", text) is not None
    parsed = parse(text)
    assert parsed.problems == [], text
    rejected = reject_all(text)
    if not broke:
        assert rejected == original, text
    else:  # a paragraph break is the one edit not recorded
        assert rejected.replace("\n", "") == original.replace("\n", ""), text
