"""Word-level redlines and the substantive changes between two clause texts.

Tokens concatenate back to the text exactly, so the ops always rebuild both
texts.  A token is a word, a number with its separators and unit ("600,000",
"$100 billion", "30-day", "60万人", "100 days"), a Japanese phrase (a run of
kanji/katakana plus the hiragana that follows it), a run of whitespace, or one
punctuation mark.  After difflib has aligned the tokens, a clean-up pass
absorbs the one-word "equal islands" between two changes, so the redline
reads like a person's edit rather than a patchwork.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

Op = tuple[str, str]  # ("equal" | "delete" | "insert", text)

# --------------------------------------------------------------------------- tokens

_DIGIT = r"[0-9０-９]"
_NUM = rf"{_DIGIT}+(?:[,.，．:：対]{_DIGIT}+)*"
_EN_SCALE = r"(?:\s?(?:billion|million|trillion|thousand|bn)\b)"
_EN_PCT = r"(?:\s?(?:%|％|per\s?cent\b|percent\b))"
_EN_TIME = r"(?:\s(?:days?|weeks?|months?|years?|hours?|km|kilometres?|kilometers?|miles?)\b)"
_JA_UNIT = r"(?:[万億兆千]+(?:" + _DIGIT + r"+[万億兆千]+)*)?(?:億ドル|万ドル|ドル|ユーロ|万人|人|日間|日|か月|カ月|ヶ月|ケ月|年間|年|週間|時間|キロ|％|%)?"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005\uff66-\uff9f"
_LETTER = rf"[^\W\d_{_CJK}]"  # a letter of an alphabetic script (Latin, Cyrillic, Arabic...)
_TOKEN_RE = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<word>{_LETTER}+(?:['’\-]{_LETTER}+)*(?:{_DIGIT}+)?)
  | (?P<date>\d{{4}}-\d{{2}}-\d{{2}})
  | (?P<num>
        (?:[$€£¥]\s?)?{_NUM}
        (?:
            {_EN_SCALE}{_EN_PCT}?{_EN_TIME}?   # $100 billion, 50 per cent
          | {_EN_PCT}                       # 50%
          | -[A-Za-z]+(?:-[A-Za-z]+)?        # 30-day, 100-day
          | {_EN_TIME}                       # 100 days
          | {_JA_UNIT}                       # 60万人, 1000億ドル, 30日間
        )?
    )
  | (?P<ja>[\u3400-\u4dbf\u4e00-\u9fff\u3005\u30a0-\u30ff\uff66-\uff9f]+[\u3040-\u309f]*|[\u3040-\u309f]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


_PARTICLES = ("から", "まで", "より", "は", "が", "を", "に", "で", "と", "の", "も", "へ", "や")
_FLAT_TOKEN_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_RE.pattern), _TOKEN_RE.flags)
_CJK_RE = re.compile(f"[{_CJK}]")
_HIRAGANA_RE = re.compile("[\u3040-\u309f]")


@lru_cache(maxsize=1)
def _phrase_parser():
    """BudouX's Japanese phrase model (shipped inside the package: no download), or None."""
    try:
        import budoux
    except ImportError:  # pragma: no cover - budoux is a dependency; script runs still work
        return None
    return budoux.load_default_japanese_parser()


def _script_tokens(text: str) -> list[tuple[str, str]]:
    """(token, kind) by script runs: the fast path, and the whole story for alphabetic text."""
    if not _HIRAGANA_RE.search(text):  # no particles to separate: one pass of the regex
        return [(m.group(0), m.lastgroup or "other") for m in _TOKEN_RE.finditer(text)]
    tokens: list[tuple[str, str]] = []
    prev = ""
    for m in _TOKEN_RE.finditer(text):
        token, kind = m.group(0), m.lastgroup or "other"
        # A hiragana run right after an acronym or a number ("NATOはこれ") starts with
        # that word's particle: keep the particle a word of its own.
        if kind == "ja" and prev in ("word", "num") and len(token) > 1 and "\u3040" <= token[0] <= "\u309f":
            for particle in _PARTICLES:
                if token.startswith(particle) and len(token) > len(particle):
                    tokens.append((particle, "ja"))
                    token = token[len(particle):]
                    break
        tokens.append((token, kind))
        prev = kind
    return tokens


def tokenize(text: str) -> list[str]:
    """Split ``text`` into tokens whose concatenation is ``text``."""
    return list(_tokenize(text))


@lru_cache(maxsize=8192)
def _tokenize(text: str) -> tuple[str, ...]:
    """Cached: the same clause text is tokenised for the redline and for each change detector.

    Japanese runs are re-cut into phrases (文節) with BudouX, so that a change mark
    never falls inside a word: "これ以上" stays whole, "平時に|おいては" are two.
    Numbers with units, Latin words and punctuation stay tokens of their own.
    """
    if not _CJK_RE.search(text):
        return tuple(_FLAT_TOKEN_RE.findall(text))  # findall on a group-less pattern runs in C
    base = _script_tokens(text)
    parser = _phrase_parser()
    if parser is None:
        return tuple(tok for tok, _ in base)
    cuts: set[int] = set()
    pos = 0
    for phrase in parser.parse(text):
        pos += len(phrase)
        cuts.add(pos)
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(base):
        tok, kind = base[i]
        if kind != "ja":
            out.append(tok)
            pos += len(tok)
            i += 1
            continue
        # A stretch of kana/kanji tokens, re-cut at the phrase boundaries.
        start = pos
        stretch = ""
        while i < len(base) and base[i][1] == "ja":
            stretch += base[i][0]
            i += 1
        last = 0
        for k in range(1, len(stretch)):
            if start + k in cuts:
                out.append(stretch[last:k])
                last = k
        out.append(stretch[last:])
        pos = start + len(stretch)
    return tuple(out)


@lru_cache(maxsize=65536)
def _is_word(token: str) -> bool:
    return not token.isspace() and any(ch.isalnum() for ch in token)


# --------------------------------------------------------------------------- normalisation

_TYPO = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "′": "'",
        "“": '"', "”": '"', "„": '"', "″": '"',
        "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u3000": " ",
        "…": "...",
    }
)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Text for equality: NFKC, straight quotes and hyphens, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPO)
    return " ".join(text.split())


# --------------------------------------------------------------------------- diff ops


@dataclass
class _Seg:
    tag: str  # "equal" or "change"
    old: list[str]
    new: list[str]

    def words(self) -> int:
        return max(sum(map(_is_word, self.old)), sum(map(_is_word, self.new)))


def _segments(a: list[str], b: list[str]) -> list[_Seg]:
    # The common head and tail need no matching (most edits are local): SequenceMatcher
    # is quadratic in the worst case, so it only sees the middle that differs.
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    # Long texts: let difflib treat very common tokens (spaces, "the") as junk when
    # anchoring matches; equal runs still extend across them.
    matcher = SequenceMatcher(None, mid_a, mid_b, autojunk=len(mid_b) >= 400)
    segs: list[_Seg] = []
    if head:
        segs.append(_Seg("equal", a[:head], b[:head]))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        if tag == "equal":
            segs.append(_Seg("equal", a[i1:i2], b[j1:j2]))
        elif segs and segs[-1].tag == "change":
            segs[-1].old += a[i1:i2]
            segs[-1].new += b[j1:j2]
        else:
            segs.append(_Seg("change", a[i1:i2], b[j1:j2]))
    if tail:
        if segs and segs[-1].tag == "equal":
            segs[-1].old += a[len(a) - tail :]
            segs[-1].new += b[len(b) - tail :]
        else:
            segs.append(_Seg("equal", a[len(a) - tail :], b[len(b) - tail :]))
    return segs


def _absorb_islands(segs: list[_Seg]) -> list[_Seg]:
    """Fold small equal runs between two changes into one change, as a person would mark it."""
    changed = True
    while changed:
        changed = False
        out: list[_Seg] = []
        i = 0
        while i < len(segs):
            seg = segs[i]
            if (
                seg.tag == "equal"
                and out
                and out[-1].tag == "change"
                and i + 1 < len(segs)
                and segs[i + 1].tag == "change"
            ):
                words = seg.words()
                left, right = out[-1].words(), segs[i + 1].words()
                if words <= 1 or (words <= 3 and 2 * words < min(left, right)):
                    nxt = segs[i + 1]
                    out[-1] = _Seg("change", out[-1].old + seg.old + nxt.old, out[-1].new + seg.new + nxt.new)
                    i += 2
                    changed = True
                    continue
            out.append(seg)
            i += 1
        segs = out
    return segs


def _trim_edges(segs: list[_Seg]) -> list[_Seg]:
    """Give back common leading/trailing whitespace and punctuation of a change to its neighbours."""
    out: list[_Seg] = []
    for seg in segs:
        if seg.tag != "change" or not seg.old or not seg.new:
            out.append(seg)
            continue
        head: list[str] = []
        while seg.old and seg.new and seg.old[0] == seg.new[0] and not _is_word(seg.old[0]):
            head.append(seg.old.pop(0))
            seg.new.pop(0)
        tail: list[str] = []
        while seg.old and seg.new and seg.old[-1] == seg.new[-1] and not _is_word(seg.old[-1]):
            tail.insert(0, seg.old.pop())
            seg.new.pop()
        if head:
            out.append(_Seg("equal", head, list(head)))
        out.append(seg)
        if tail:
            out.append(_Seg("equal", tail, list(tail)))
    # Join neighbouring equal runs produced by the trimming.
    merged: list[_Seg] = []
    for seg in out:
        if seg.tag == "change" and not seg.old and not seg.new:
            continue
        if merged and merged[-1].tag == seg.tag == "equal":
            merged[-1].old += seg.old
            merged[-1].new += seg.new
        else:
            merged.append(seg)
    return merged


def diff_ops(old: str, new: str) -> list[Op]:
    """Word-level redline ops; ``apply_ops`` rebuilds both texts exactly."""
    if old == new:
        return [("equal", old)] if old else []
    segs = _trim_edges(_absorb_islands(_segments(tokenize(old), tokenize(new))))
    ops: list[Op] = []
    for seg in segs:
        if seg.tag == "equal":
            ops.append(("equal", "".join(seg.old)))
        else:
            if seg.old:
                ops.append(("delete", "".join(seg.old)))
            if seg.new:
                ops.append(("insert", "".join(seg.new)))
    return ops


def apply_ops(ops: list[Op]) -> tuple[str, str]:
    """The (old, new) texts that ``ops`` describe."""
    old = "".join(text for tag, text in ops if tag != "insert")
    new = "".join(text for tag, text in ops if tag != "delete")
    return old, new


def hunks(ops: list[Op]) -> list[tuple[str, str]]:
    """The (deleted, inserted) text of each change, in order."""
    out: list[tuple[str, str]] = []
    deleted = inserted = ""
    for tag, text in ops + [("equal", "")]:
        if tag == "delete":
            deleted += text
        elif tag == "insert":
            inserted += text
        elif deleted or inserted:
            out.append((deleted, inserted))
            deleted = inserted = ""
    return out


def count_fragments(ops: list[Op]) -> int:
    """How many separate change marks a reader sees (a delete+insert pair counts once)."""
    return len(hunks(ops))


# --------------------------------------------------------------------------- substantive changes

_NEGATORS_EN = {"not", "no", "never", "without", "neither", "nor", "none", "cannot", "won't", "n't", "non"}
_NEGATORS_JA = ("ない", "せず", "ません", "禁止", "不可")  # not a bare "ず": it ends 必ず and まず
_MODALS_EN = {"will", "shall", "must", "may", "might", "can", "could", "should", "would", "is to", "are to", "need", "required", "obliged", "expected", "commits", "agrees", "intends", "seeks"}
_MODALS_JA = ("ものとする", "なければならない", "てはならない", "できる", "べき", "義務", "可能", "努める")  # not a bare "する": every verb has it
_PARTIES = {
    # surface (lower-case) -> canonical name; English and Japanese press spellings
    "ukraine": "Ukraine", "ukrainian": "Ukraine", "ウクライナ": "Ukraine",
    "russia": "Russia", "russian": "Russia", "russian federation": "Russia", "ロシア": "Russia",
    "united states": "United States", "us": "United States", "u.s.": "United States", "usa": "United States",
    "america": "United States", "american": "United States", "米国": "United States", "アメリカ": "United States",
    "europe": "Europe", "european": "Europe", "欧州": "Europe",
    "eu": "EU", "european union": "EU", "欧州連合": "EU",
    "nato": "NATO", "北大西洋条約機構": "NATO",
    "united kingdom": "United Kingdom", "uk": "United Kingdom", "britain": "United Kingdom", "british": "United Kingdom", "英国": "United Kingdom",
    "france": "France", "french": "France", "フランス": "France",
    "germany": "Germany", "german": "Germany", "ドイツ": "Germany",
    "poland": "Poland", "polish": "Poland", "ポーランド": "Poland",
    "turkey": "Türkiye", "türkiye": "Türkiye", "トルコ": "Türkiye",
    "china": "China", "chinese": "China", "中国": "China",
    "belarus": "Belarus", "ベラルーシ": "Belarus",
    "iaea": "IAEA", "国際原子力機関": "IAEA",
    "united nations": "United Nations", "un": "United Nations", "国連": "United Nations",
    "g7": "G7", "g8": "G8", "g20": "G20",
}
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_RE = re.compile(r"\b(?:\d{1,2}\s)?(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")(?:\s\d{1,2})?(?:,?\s\d{4})?\b")
_JA_MULT = {"千": 1_000, "万": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}
_EN_MULT = {"thousand": 1_000, "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}


def number_tokens(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN_RE.finditer(text) if m.lastgroup in ("num", "date")]


def quantity(token: str) -> tuple[float, str] | None:
    """The value and kind of a number token: "60万人" and "600,000" are both (600000, "number")."""
    t = unicodedata.normalize("NFKC", token).lower()
    kind = "number"
    if re.search(r"[$€£¥]|ドル|ユーロ|billion|million|trillion", t):
        kind = "amount"
    if re.search(r"day|week|month|year|hour|日|か月|カ月|ヶ月|ケ月|年|週|時間", t):
        kind = "duration"
    if "%" in t or "cent" in t:
        kind = "percentage"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        return None
    m = re.match(r"[$€£¥]?\s?(\d+(?:[,.]\d+)*)", t)
    if not m:
        return None
    digits = m.group(1)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    elif ":" in t:
        return None
    try:
        value = float(digits.replace(",", "."))
    except ValueError:
        return None
    rest = t[m.end():]
    for word, mult in _EN_MULT.items():
        if rest.strip().startswith(word):
            value *= mult
            break
    else:
        # Japanese multipliers: 60万 -> 600000; 1000億 -> 1e11; 1兆2000億 -> 1.2e12.
        total = 0.0
        current = value
        for ch in rest:
            if ch in _JA_MULT:
                total += current * _JA_MULT[ch]
                current = 0.0
            elif ch.isdigit():
                current = current * 10 + int(ch)
            else:
                break
        if total:
            value = total + current
    return value, kind


_ACRONYMS = {"US", "U.S.", "USA", "UK", "EU", "UN", "NATO", "IAEA", "G7", "G8", "G20"}
_PARTY_WORD_RE = re.compile(r"[A-Z][A-Za-z.]*[A-Za-z0-9.]|[A-Z]")  # names and acronyms are capitalised
_PARTY_PHRASES = {k: re.compile(r"\b" + re.escape(k) + r"\b") for k in _PARTIES if " " in k}
_PARTY_CJK = [k for k in _PARTIES if not k.isascii()]


@lru_cache(maxsize=65536)
def parties_in(text: str) -> frozenset[str]:
    """Canonical names of the parties a text mentions ("US" only in capitals: not the pronoun)."""
    found = set()
    for word in _PARTY_WORD_RE.findall(text):
        word = word.rstrip(".") if word not in _ACRONYMS else word
        if word in _ACRONYMS or (word.upper() in _ACRONYMS and word.isupper()):
            found.add(_PARTIES[word.lower()])
        elif word.lower() in _PARTIES and word.upper() not in _ACRONYMS and word[0].isupper():
            found.add(_PARTIES[word.lower()])
    low = text.lower()
    for phrase, rx in _PARTY_PHRASES.items():
        if phrase in low and rx.search(low):
            found.add(_PARTIES[phrase])
    for k in _PARTY_CJK:
        if k in text:
            found.add(_PARTIES[k])
    return frozenset(found)


def _words_lower(text: str) -> list[str]:
    return [t.lower() for t in tokenize(text) if _is_word(t)]


def _negators(text: str) -> list[str]:
    words = _words_lower(text)
    found = [w for w in words if w in _NEGATORS_EN or w.endswith("n't")]
    found += [n for n in _NEGATORS_JA if n in text]
    return found


def _negation_phrases(text: str) -> str | None:
    """The negators of ``text`` with a word either side ("will not join"); the whole text if short."""
    if len(text.strip()) <= 40:
        return text.strip() or None
    words = [t for t in tokenize(text) if _is_word(t)]
    phrases = []
    for k, w in enumerate(words):
        if w.lower() in _NEGATORS_EN or w.lower().endswith("n't"):
            phrases.append(" ".join(words[max(0, k - 1) : k + 2]))
    phrases += [n for n in _NEGATORS_JA if n in text]
    return "; ".join(phrases) or None


def _modals(text: str) -> list[str]:
    low = " " + " ".join(_words_lower(text)) + " "
    found = [m for m in sorted(_MODALS_EN) if f" {m} " in low]
    found += [m for m in _MODALS_JA if m in text]
    return found


def _dates(text: str) -> list[str]:
    return [m.group(0) for m in _MONTH_RE.finditer(text)] + re.findall(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月(?:\d{1,2}日)?", text)


def substantive_changes(old: str, new: str, ops: list[Op] | None = None) -> list[dict[str, str | None]]:
    """Numbers, amounts, durations, dates, parties and negation/modality that changed.

    Each entry is ``{"kind": ..., "old": ..., "new": ...}``; ``old`` or ``new``
    is ``None`` when the item was only removed or only added.  Quantities are
    compared by value, so "60万人" -> "600,000" is not a change.
    """
    if ops is None:
        ops = diff_ops(old, new)
    changes: list[dict[str, str | None]] = []
    seen: set[tuple[str, str | None, str | None]] = set()

    def add(kind: str, a: str | None, b: str | None) -> None:
        key = (kind, a, b)
        if key not in seen and a != b:
            seen.add(key)
            changes.append({"kind": kind, "old": a, "new": b})

    for deleted, inserted in hunks(ops):
        # Dates first: their numbers are not counted again as numbers.
        old_dates, new_dates = _dates(deleted), _dates(inserted)
        for a, b in _pair_up(old_dates, new_dates):
            add("date", a, b)
        date_text = " ".join(old_dates + new_dates)
        old_q = [(n, quantity(n)) for n in _quantities(deleted) if n not in date_text]
        new_q = [(n, quantity(n)) for n in _quantities(inserted) if n not in date_text]
        # Drop quantities present on both sides (same value: "60万" vs "600,000").
        new_values = [q[0] for _, q in new_q if q]
        old_values = [q[0] for _, q in old_q if q]
        old_q = [(n, q) for n, q in old_q if not q or q[0] not in new_values]
        new_q = [(n, q) for n, q in new_q if not q or q[0] not in old_values]
        for (a, qa), (b, qb) in _pair_up(old_q, new_q, fill=(None, None)):
            kind = (qb or qa or (0, "number"))[1]
            add(kind, a, b)
    # Negation and modality are judged on the whole text, so that a modal that
    # merely moved within a rewritten sentence is not reported as a change.
    old_neg, new_neg = Counter(_negators(old)), Counter(_negators(new))
    if old_neg != new_neg:
        for deleted, inserted in hunks(ops):
            if Counter(_negators(deleted)) != Counter(_negators(inserted)):
                add("negation", _negation_phrases(deleted), _negation_phrases(inserted))
    old_mod, new_mod = Counter(_modals(old)), Counter(_modals(new))
    if old_mod != new_mod:
        gone = " ".join(sorted((old_mod - new_mod).elements())) or None
        came = " ".join(sorted((new_mod - old_mod).elements())) or None
        add("modality", gone, came)
    old_parties, new_parties = parties_in(old), parties_in(new)
    for party in sorted(old_parties - new_parties):
        add("party", party, None)
    for party in sorted(new_parties - old_parties):
        add("party", None, party)
    return changes


_REFERENCE_RE = re.compile(r"(?i)\b(?:article|section|point|paragraph|clause|item|chapter|resolution|part|no\.?)\s*$|第$")


def _quantities(text: str) -> list[str]:
    """Number tokens that are quantities, not references ("Article 5", "point 12", "第5条")."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        if m.lastgroup in ("num", "date") and not _REFERENCE_RE.search(text[: m.start()]) and not m.group(0).lower().endswith("-point"):
            out.append(m.group(0))
    return out


def _pair_up(a: list, b: list, fill=None) -> list[tuple]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else fill, b[i] if i < len(b) else fill) for i in range(n)]
