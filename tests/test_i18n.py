"""Japanese: catalogues complete, Japanese redlines readable, quantities understood across notations."""

from __future__ import annotations

import pytest

from clausediff.align import STATUSES, FLAGS, diff_plans
from clausediff.i18n import catalogue, format_date, t
from clausediff.load import load_library
from clausediff.textdiff import diff_ops, substantive_changes, tokenize

from .conftest import SHIPPED_PLANS


def test_catalogues_have_the_same_keys():
    en, ja = catalogue("en"), catalogue("ja")
    assert set(en) - set(ja) == set(), "missing in ja.yaml"
    assert set(ja) - set(en) == set(), "missing in en.yaml"
    for key, value in en.items():
        assert value.count("{") == ja[key].count("{"), key  # the same format fields


def test_every_status_flag_and_category_has_a_japanese_label():
    for s in STATUSES:
        assert t(f"status.{s}", "ja") != t(f"status.{s}", "en")
    assert t("status.modified", "ja") == "変更" and t("status.added", "ja") == "追加"
    for f in FLAGS:
        assert f"flag.{f}" in catalogue("ja")
    lib = load_library(SHIPPED_PLANS)
    assert all(c.ja and c.ja != c.en for c in lib.taxonomy.categories)


def test_japanese_dates():
    import datetime as dt

    assert format_date(dt.date(2025, 11, 20), "ja") == "2025年11月20日"
    assert format_date(dt.date(2025, 11, 20), "en") == "20 November 2025"


def test_shipped_e3_clause_6_in_japanese_is_one_substitution():
    lib = load_library(SHIPPED_PLANS)
    result = diff_plans(lib.plans["us-28-point"], lib.plans["e3-counterproposal"], lang="ja")
    pair = next(p for p in result.pairs if p.old == ["6"])
    changed = [(tag, text) for tag, text in pair.ops if tag != "equal"]
    deletes = [text for tag, text in changed if tag == "delete"]
    inserts = [text for tag, text in changed if tag == "insert"]
    assert any("60万" in d for d in deletes) and any("80万" in i for i in inserts)
    # 60万 -> 80万 is one delete directly followed by one insert: one substitution.
    k = next(i for i, (tag, text) in enumerate(pair.ops) if tag == "delete" and "60万" in text)
    assert pair.ops[k + 1][0] == "insert" and "80万" in pair.ops[k + 1][1]
    assert {"kind": "number", "old": "60万人", "new": "80万人"} in pair.changes


def test_60man_and_600000_are_the_same_quantity():
    assert substantive_changes("兵力は60万人を上限とする。", "兵力は600,000人を上限とする。") == []
    assert substantive_changes("兵力は60万人を上限とする。", "兵力は80万人を上限とする。") == [
        {"kind": "number", "old": "60万人", "new": "80万人"}
    ]


# Hand-segmented sentences: "|" marks every word boundary a change mark may fall on
# (phrases of content word + particle; a number or acronym and its particle are two words).
SEGMENTED = [
    "ウクライナ軍の|兵力は|60万人|を|上限と|する。",
    "ザポリージャ原発は|IAEA|の|監督下で|再稼働し、|電力は|50対50|で|分配する。",
    "米国は|1000億ドル|を|ウクライナの|復興に|投資する。",
    "署名から|100日|以内に|選挙を|実施する。",
    "ロシアは|近隣諸国を|侵略せず、|NATO|は|これ以上|拡大しない。",
    "すべての|捕虜と|遺体を|全員対全員の|方式で|交換する。",
    "停戦は|30日間|継続し、|双方の|合意で|延長できる。",
]


def _boundaries(segmented: str) -> set[int]:
    cuts, pos = {0}, 0
    for piece in segmented.split("|"):
        pos += len(piece)
        cuts.add(pos)
        if piece[-1] in "、。":  # punctuation is a boundary of its own
            cuts.add(pos - 1)
    return cuts


def _edits(sentence: str) -> list[str]:
    """Variants of a sentence: each word replaced, dropped, or a word inserted."""
    words = sentence.split("|")
    out = []
    for i in range(len(words)):
        out.append("".join(words[:i] + ["平時において"] + words[i + 1 :]))
        out.append("".join(words[:i] + words[i + 1 :]))
        out.append("".join(words[:i] + ["新たに"] + words[i:]))
    return out


@pytest.mark.parametrize("segmented", SEGMENTED)
def test_no_change_mark_splits_a_japanese_word(segmented):
    old = segmented.replace("|", "")
    cuts = _boundaries(segmented)
    for new in _edits(segmented):
        pos = 0
        for tag, text in diff_ops(old, new):
            if tag in ("equal", "delete"):
                # Every mark starts and ends on a boundary of the old sentence's words.
                if tag == "delete":
                    assert pos in cuts and pos + len(text) in cuts, (old, new, text)
                pos += len(text)


def test_japanese_tokens_are_phrases_not_characters():
    tokens = tokenize("ウクライナ軍の兵力は60万人を上限とする。")
    assert "60万人" in tokens
    assert len(tokens) <= 7


def test_japanese_modality_and_negation_markers():
    # A verb ending is not a modal: only real markers of obligation/possibility count.
    assert substantive_changes("協定を締結する。", "協定を速やかに締結する。") == []
    assert substantive_changes("原発を再稼働する。", "原発を再稼働できる。") == [
        {"kind": "modality", "old": None, "new": "できる"}
    ]
    assert [c["kind"] for c in substantive_changes("NATOに加盟する。", "NATOに加盟しない。")] == ["negation"]
    assert substantive_changes("まず停戦する。", "必ず停戦する。") == []
