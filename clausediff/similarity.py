"""How alike two clauses are: TF-IDF cosine over words, word pairs and character n-grams.

Built to survive rewording: stop-words are discounted, words are lightly
stemmed, character 4-grams catch "demilitarised"/"demilitarized" and
"neighbours"/"neighbouring", numbers and named entities weigh extra, and IDF
(over both plans) makes the words every clause shares ("Ukraine") count less
than the words that say what a clause is about ("Zaporizhzhia").
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .textdiff import normalize, number_tokens, parties_in, quantity

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either etc few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself no nor not of off on once only or other our ours ourselves out over own per same she should so some
    such than that the their theirs them themselves then there these they this those through to too under until
    up upon very via was we were what when where which while who whom why will with within would you your yours
    yourself shall may must might whether including include includes included regarding""".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005\uff66-\uff9f]+")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A deliberately light English stemmer: plurals, -ing/-ed/-ly, British/American -ise/-ize."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("-", "")
    for suffix, repl in (("isation", "iz"), ("ization", "iz"), ("ised", "iz"), ("ized", "iz"), ("ising", "iz"),
                         ("izing", "iz"), ("ises", "iz"), ("izes", "iz"), ("ise", "iz"), ("ize", "iz")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)] + repl
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "ly", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4 and not w.endswith("ss"):
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


@lru_cache(maxsize=200_000)
def _char_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + 4] for i in range(max(1, len(padded) - 3)))


_NUMBER_RE = re.compile(r"[0-9０-９]")


@dataclass
class Features:
    """Sparse weighted features of one clause."""

    words: Counter = field(default_factory=Counter)   # stems and word pairs
    chars: Counter = field(default_factory=Counter)   # character 4-grams
    numbers: frozenset = frozenset()
    entities: frozenset = frozenset()


def extract(text: str) -> Features:
    text = normalize(text)
    words = [stem(w) for w in _WORD_RE.findall(text)]
    content = [w for w in words if w not in STOP_WORDS and len(w) > 1]
    feats = Counter(content)
    feats.update(f"{a} {b}" for a, b in zip(content, content[1:]))
    chars: Counter = Counter([g for w in content for g in _char_grams(w)])
    # Japanese (and Chinese) have no spaces: character bigrams stand in for words.
    for run in _CJK_RE.findall(text):
        feats.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        chars.update(run[i : i + 3] for i in range(max(1, len(run) - 2)))
    numbers = set()
    for token in (number_tokens(text) if _NUMBER_RE.search(text) else ()):
        q = quantity(token)
        numbers.add(f"#{q[0]:g}" if q else f"#{token}")
    for n in numbers:
        feats[n] += 2  # a shared "600,000" is strong evidence
    entities = parties_in(text)
    for e in entities:
        feats[f"@{e}"] += 1
    return Features(feats, chars, frozenset(numbers), frozenset(entities))


class Vectorizer:
    """TF-IDF weights learnt from a corpus of clauses (both plans being compared)."""

    def __init__(self, docs: list[Features]):
        self.n = len(docs)
        df_w: Counter = Counter()
        df_c: Counter = Counter()
        for d in docs:
            df_w.update(d.words.keys())
            df_c.update(d.chars.keys())
        self.idf_w = {k: math.log((1 + self.n) / (1 + v)) + 1.0 for k, v in df_w.items()}
        self.idf_c = {k: math.log((1 + self.n) / (1 + v)) + 1.0 for k, v in df_c.items()}

    @staticmethod
    def _weigh(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
        # Sublinear tf; most features occur once, so skip the log for them.
        log = math.log
        vec = {k: idf[k] if v == 1 else (1.0 + log(v)) * idf[k] for k, v in counts.items()}
        norm = math.hypot(*vec.values()) or 1.0  # one C call for the length
        scale = 1.0 / norm
        return {k: x * scale for k, x in vec.items()}

    def vectors(self, d: Features) -> tuple[dict[str, float], dict[str, float]]:
        return self._weigh(d.words, self.idf_w), self._weigh(d.chars, self.idf_c)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    # The key intersection runs in C; only the (few) shared features are visited in Python.
    return sum(a[k] * b[k] for k in a.keys() & b.keys())


def containment(part: dict[str, float], whole: dict[str, float]) -> float:
    """Share of ``part``'s weight whose features also occur in ``whole`` (for splits and merges)."""
    total = sum(x * x for x in part.values()) or 1.0
    return sum(part[k] * part[k] for k in part.keys() & whole.keys()) / total


def top_features(vec: dict[str, float], k: int) -> list[str]:
    """The ``k`` heaviest features (ties: first in the text)."""
    # nlargest keeps the first of equal weights, and a clause's features come in text
    # order, so the choice is deterministic without a Python-level key function.
    return heapq.nlargest(k, vec, key=vec.__getitem__)
