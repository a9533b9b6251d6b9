"""Tokens, redline ops and substantive-change detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausediff.textdiff import apply_ops, count_fragments, diff_ops, quantity, substantive_changes, tokenize


@pytest.mark.parametrize(
    "text, token",
    [
        ("capped at 600,000 personnel", "600,000"),
        ("a $100 billion fund", "$100 billion"),
        ("a 30-day ceasefire", "30-day"),
        ("within 100 days of signing", "100 days"),
        ("兵力は60万人を上限", "60万人"),
        ("1000億ドルを拠出", "1000億ドル"),
        ("30日間の停戦", "30日間"),
        ("50% of the profits", "50%"),
    ],
)
def test_numbers_with_separators_and_units_are_single_tokens(text, token):
    assert token in tokenize(text)


def test_tokens_rebuild_text():
    text = "Ukraine's army: 600,000 (peacetime) — 『60万人』 & <b>"
    assert "".join(tokenize(text)) == text


def test_no_one_word_equal_island_between_changes():
    ops = diff_ops("the quick brown fox jumps over the dog", "the slow red fox walks under the dog")
    assert ops == [
        ("equal", "the "),
        ("delete", "quick brown fox jumps over"),
        ("insert", "slow red fox walks under"),
        ("equal", " the dog"),
    ]


def test_changes_never_split_a_word():
    ops = diff_ops("The demilitarised zone is recognised.", "The demilitarized zone is recognized.")
    for tag, text in ops:
        if tag != "equal":
            assert text.strip() in {"demilitarised", "demilitarized", "recognised", "recognized", "demilitarised zone is recognised", "demilitarized zone is recognized"}


def test_negation_detected():
    changes = substantive_changes("Russia will invade.", "Russia will not invade.")
    assert changes == [{"kind": "negation", "old": None, "new": "not"}]


def test_modal_detected_and_moved_modal_is_not_a_change():
    assert substantive_changes("Ukraine will join.", "Ukraine may join.") == [{"kind": "modality", "old": "will", "new": "may"}]
    assert substantive_changes("Ukraine will, after signing, join.", "After signing, Ukraine will join.") == []


def test_amount_duration_party():
    changes = substantive_changes(
        "The US gives $100 billion within 100 days.", "Europe gives $200 billion within 60 days."
    )
    assert {"kind": "amount", "old": "$100 billion", "new": "$200 billion"} in changes
    assert {"kind": "duration", "old": "100 days", "new": "60 days"} in changes
    assert {"kind": "party", "old": "United States", "new": None} in changes
    assert {"kind": "party", "old": None, "new": "Europe"} in changes


def test_same_quantity_in_other_notation_is_not_a_change():
    assert quantity("60万人")[0] == quantity("600,000")[0] == 600000
    assert quantity("1000億ドル")[0] == quantity("$100 billion")[0]
    assert substantive_changes("兵力は60万人", "兵力は600,000人") == []


def test_article_number_is_a_reference_not_a_quantity():
    changes = substantive_changes("A guarantee.", "A guarantee mirroring Article 5.")
    assert all(c["kind"] not in ("number",) for c in changes)


def test_japanese_substitution_is_one_mark():
    ops = diff_ops("ウクライナ軍の兵力は60万人を上限とする。", "ウクライナ軍の兵力は80万人を上限とする。")
    assert ops == [("equal", "ウクライナ軍の兵力は"), ("delete", "60万人"), ("insert", "80万人"), ("equal", "を上限とする。")]
    assert count_fragments(ops) == 1


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
wordy = st.lists(st.sampled_from(["Ukraine", "will", "not", "600,000", "NATO", " ", ", ", "軍の", "60万人", "may", "\n", "&", "<b>"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, wordy), st.one_of(texts, wordy))
def test_ops_rebuild_both_texts(old, new):
    ops = diff_ops(old, new)
    assert apply_ops(ops) == (old, new)
    assert all(text for _, text in ops)  # no empty ops
    substantive_changes(old, new, ops)  # never raises


@settings(max_examples=200, deadline=None)
@given(st.one_of(texts, wordy))
def test_tokenize_is_lossless(text):
    assert "".join(tokenize(text)) == text
