"""File a clause under taxonomy categories from the keyword lists of ``taxonomy.yaml``.

Deliberately simple and explainable, because every guess is reviewed by a
person: a category scores the keywords of its list found in the clause.

* English is matched on light word stems (the stemmer the aligner uses), so
  ``sanctions`` finds "sanction", "sanctioned"; a keyword of several words
  must match as a phrase.  Japanese is matched as substrings; a Latin keyword
  in a Japanese list (``nato``) must match a whole word.  Case never matters.
* Where keywords overlap the longest wins: "weapons of mass destruction"
  (nuclear) hides "weapons" (armed forces).
* A keyword weighs more the longer it is, and more near the start of the
  clause, where its subject is; a label such as "Territory:" opening a clause
  weighs most.
* Keywords of the procedural catch-all (implementation) count half: "signed"
  or "implement" appear in clauses on any topic.
* A sub-point leans towards its lead-in's topic (``context``: half the
  lead-in's evidence is added to its own), so "(d) infrastructure development"
  under "12. A package of measures to rebuild Ukraine:" stays with it.

The confidence of a category is its share of all the evidence, damped when
there is little of it: one weak hit gives about 0.5, several agreeing hits
approach 1.  ``python -m clausediff.categorize`` measures the guesses against
the curated categories of the shipped plans (see :func:`evaluate`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .model import Plan, Taxonomy

#: A secondary category is kept when it scores at least this share of the primary...
SECONDARY_RATIO = 0.5
#: ...and at least this confidence.
SECONDARY_MIN_CONFIDENCE = 0.2
MAX_CATEGORIES = 3
#: How much of a lead-in's evidence a sub-point inherits.
CONTEXT_WEIGHT = 0.5
_DAMPING = 1.0  # added to the total evidence: a lone weak hit is not a certainty
#: Procedural words ("implement", "signed", "days") accompany clauses on every topic, so the
#: catch-all category they point to counts for less: it wins only when nothing substantive is found.
PROCEDURAL = {"implementation": 0.5}

_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_DASH_RE = re.compile(r"(?<=\w)[‐‑‒–—](?=\w)")
_LABEL_RE = re.compile(r"^\s*([^\W\d_][\w\s&,\-–]{0,40}?)\s*(?:[:：]|について[。、：:])")


def is_japanese(text: str, threshold: float = 0.2) -> bool:
    """Whether a text is mostly Japanese (kana and kanji among its letters; the first 100,000 characters decide)."""
    letters = [ch for ch in text[:100_000] if ch.isalpha()]
    if not letters:
        return False
    return sum(1 for ch in letters if _CJK_RE.match(ch)) / len(letters) >= threshold


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _stem(word: str) -> str:
    from .similarity import stem

    return stem(word)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of every word of an English text ("Russia–NATO" is one word, like "Russia-NATO")."""
    folded = _DASH_RE.sub("-", _fold(text))
    return [(_stem(m.group()), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]


@dataclass(frozen=True)
class Guess:
    category: str
    confidence: float


@dataclass
class Categorisation:
    """Categories for one clause, primary first, with the keywords that decided them."""

    ranked: list[Guess]
    scores: dict[str, float] = field(default_factory=dict)
    hits: dict[str, list[str]] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        return [g.category for g in self.ranked]

    @property
    def primary(self) -> str | None:
        return self.ranked[0].category if self.ranked else None

    @property
    def confidence(self) -> float:
        return self.ranked[0].confidence if self.ranked else 0.0

    def __bool__(self) -> bool:
        return bool(self.ranked)


@dataclass(frozen=True)
class _Keyword:
    text: str
    category: str
    stems: tuple[str, ...] = ()  # English
    latin: bool = False  # Japanese list, Latin keyword: whole words only


class Categoriser:
    """Keyword matcher compiled from a taxonomy.  ``categorise(text)`` is the entry point."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.order = {cid: i for i, cid in enumerate(taxonomy.ids())}
        self.en: list[_Keyword] = []
        self.ja: list[_Keyword] = []
        for category in taxonomy.categories:
            for word in category.keywords.en:
                stems = tuple(t[0] for t in _tokens(word))
                if stems:
                    self.en.append(_Keyword(_fold(word), category.id, stems))
            for word in category.keywords.ja:
                folded = _fold(word).strip()
                if folded:
                    self.ja.append(_Keyword(folded, category.id, latin=not is_japanese(folded, 0.01)))
        # Phrases indexed by their first stem.
        self._by_first: dict[str, list[_Keyword]] = defaultdict(list)
        for kw in self.en:
            self._by_first[kw.stems[0]].append(kw)

    # -- matching

    def _matches_en(self, text: str) -> list[tuple[int, int, _Keyword, int, str]]:
        """(start token, end token, keyword, char offset, words as written) of every keyword occurrence."""
        toks = _tokens(text)
        folded = _DASH_RE.sub("-", _fold(text))
        stems = [t[0] for t in toks]
        out = []
        for i, s in enumerate(stems):
            for kw in self._by_first.get(s, ()):
                n = len(kw.stems)
                if tuple(stems[i:i + n]) == kw.stems:
                    out.append((i, i + n, kw, toks[i][1], folded[toks[i][1]:toks[i + n - 1][2]]))
        return out

    def _matches_ja(self, text: str) -> list[tuple[int, int, _Keyword, int, str]]:
        folded = _fold(text)
        out = []
        for kw in self.ja:
            start = folded.find(kw.text)
            while start >= 0:
                end = start + len(kw.text)
                whole = not kw.latin or (
                    (start == 0 or not folded[start - 1].isascii() or not folded[start - 1].isalnum())
                    and (end == len(folded) or not folded[end].isascii() or not folded[end].isalnum())
                )
                if whole:
                    out.append((start, end, kw, start, kw.text))
                start = folded.find(kw.text, start + 1)
        return out

    def scores(self, text: str, lang: str | None = None) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Raw evidence per category, and the keywords found for it."""
        japanese = lang == "ja" if lang else is_japanese(text)
        matches = self._matches_ja(text) if japanese else self._matches_en(text)
        length = max(len(text), 1)
        label = _LABEL_RE.match(_fold(text))
        label_end = label.end(1) if label else -1
        # Longest first; a shorter keyword inside a longer one's span does not count.
        taken: list[tuple[int, int, str]] = []
        score: dict[str, float] = defaultdict(float)
        found: dict[str, list[tuple[int, str]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for start, end, kw, offset, written in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0], m[2].text, m[2].category)):
            if any(start < e and s < end and t != kw.text for s, e, t in taken):
                continue
            taken.append((start, end, kw.text))
            if (kw.category, kw.text) in seen:
                continue  # a keyword counts once per clause
            seen.add((kw.category, kw.text))
            if not japanese:
                weight = 1.0 + 0.5 * (min(end - start, 3) - 1)  # words in the phrase
            elif kw.latin:
                weight = 1.0  # "nato" in a Japanese text: one word
            else:
                weight = min(2.0, 0.5 + 0.25 * (end - start))  # characters: 軍 0.75, 停戦 1, 大量破壊兵器 2
            weight *= 1.0 + 0.5 * (1.0 - offset / length)  # the subject comes first
            if 0 <= offset < label_end:
                weight += 2.0  # "Territory: ..."
            score[kw.category] += weight * PROCEDURAL.get(kw.category, 1.0)
            found[kw.category].append((offset, written))
        hits = {c: list(dict.fromkeys(w for _, w in sorted(v))) for c, v in found.items()}  # in text order
        return dict(score), hits

    def categorise(self, text: str, lang: str | None = None, context: dict[str, float] | None = None) -> Categorisation:
        """Ranked categories for ``text``; ``context``: the lead-in's :meth:`scores`, for a sub-point."""
        own, hits = self.scores(text, lang)
        combined = dict(own)
        if context:
            for cid, s in context.items():
                combined[cid] = combined.get(cid, 0.0) + CONTEXT_WEIGHT * s
        combined = {c: s for c, s in combined.items() if s > 0 and c in self.order}
        if not combined:
            return Categorisation([], own, hits)
        ranked = sorted(combined, key=lambda c: (-combined[c], self.order[c]))
        total = sum(combined.values()) + _DAMPING
        best = combined[ranked[0]]
        guesses = [Guess(ranked[0], round(best / total, 2))]
        for cid in ranked[1:MAX_CATEGORIES]:
            conf = combined[cid] / total
            if combined[cid] >= SECONDARY_RATIO * best and conf >= SECONDARY_MIN_CONFIDENCE:
                guesses.append(Guess(cid, round(conf, 2)))
        return Categorisation(guesses, own, hits)


@lru_cache(maxsize=8)
def _cached(taxonomy_json: str) -> Categoriser:
    return Categoriser(Taxonomy.model_validate_json(taxonomy_json))


def categoriser(taxonomy: Taxonomy) -> Categoriser:
    return _cached(taxonomy.model_dump_json())


def categorise(text: str, taxonomy: Taxonomy, lang: str | None = None,
               context: dict[str, float] | None = None) -> Categorisation:
    """Ranked categories of one clause text (see :class:`Categoriser`)."""
    return categoriser(taxonomy).categorise(text, lang, context)


# --------------------------------------------------------------------------- measurement


@dataclass
class PlanScore:
    plan: str
    clauses: int
    ids_exact: bool
    texts_exact: int
    agree: int
    uncategorised: int

    @property
    def agreement(self) -> float:
        return self.agree / self.clauses if self.clauses else 1.0


@dataclass
class Evaluation:
    """Round trip of plans through plain text and the importer, and the categoriser against the curation."""

    lang: str
    plans: list[PlanScore]
    confusion: Counter  # (curated primary, guessed primary or None) -> clauses
    problems: list[str]  # ids or texts not recovered

    @property
    def clauses(self) -> int:
        return sum(p.clauses for p in self.plans)

    @property
    def agreement(self) -> float:
        return sum(p.agree for p in self.plans) / self.clauses if self.clauses else 1.0

    def recall(self) -> dict[str, tuple[int, int]]:
        """Curated primary -> (guessed right, clauses)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (truth, guess), n in self.confusion.items():
            out[truth][1] += n
            if truth == guess:
                out[truth][0] += n
        return {c: (a, b) for c, (a, b) in out.items()}

    def worst(self) -> str | None:
        """The category guessed worst (lowest recall; most clauses, then name, break ties)."""
        rec = self.recall()
        if not rec:
            return None
        return min(rec, key=lambda c: (rec[c][0] / rec[c][1], -rec[c][1], c))

    def table(self) -> str:
        lines = [f"Auto-categories against the curated primary category, plans round-tripped through plain text ({self.lang})", ""]
        lines.append(f"{'plan':<22}{'clauses':>8}{'ids':>6}{'texts':>8}{'agree':>8}{'%':>8}")
        for p in self.plans:
            lines.append(f"{p.plan:<22}{p.clauses:>8}{'ok' if p.ids_exact else 'NO':>6}"
                         f"{p.texts_exact:>8}{p.agree:>8}{100 * p.agreement:>7.1f}%")
        ok = all(p.ids_exact for p in self.plans)
        lines.append(f"{'all':<22}{self.clauses:>8}{'ok' if ok else 'NO':>6}"
                     f"{sum(p.texts_exact for p in self.plans):>8}{sum(p.agree for p in self.plans):>8}"
                     f"{100 * self.agreement:>7.1f}%")
        worst = self.worst()
        if worst:
            right, total = self.recall()[worst]
            lines += ["", f"worst category: {worst} ({right}/{total} guessed right)"]
            row = Counter({g: n for (t, g), n in self.confusion.items() if t == worst})
            lines.append(f"  {worst} clauses were guessed as: "
                         + ", ".join(f"{g or '(none)'} {n}" for g, n in sorted(row.items(), key=lambda kv: (-kv[1], str(kv[0])))))
            col = Counter({t: n for (t, g), n in self.confusion.items() if g == worst and t != worst})
            if col:
                lines.append(f"  guessed {worst} but curated as: "
                             + ", ".join(f"{t} {n}" for t, n in sorted(col.items(), key=lambda kv: (-kv[1], kv[0]))))
        if self.problems:
            lines += ["", "not recovered:"] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


def evaluate(plans: Iterable[Plan], taxonomy: Taxonomy, lang: str = "en") -> Evaluation:
    """Render each plan as numbered plain text, import it, and compare with the plan file.

    Clause ids and texts must come back exactly; the guessed primary category is
    compared with the curated one (the first of ``categories``).
    """
    from .importer import categorise_doc, parse_text
    from .plaintext import plan_to_text

    scores, confusion, problems = [], Counter(), []
    for plan in sorted(plans, key=lambda p: (p.date, p.id)):
        doc = parse_text(plan_to_text(plan, lang), lang=lang)
        guesses = categorise_doc(doc, taxonomy)
        got = {c.id: c for c in doc.clauses}
        ids_exact = [c.id for c in doc.clauses] == [c.id for c in plan.clauses]
        if not ids_exact:
            problems.append(f"{plan.id}: ids {[c.id for c in doc.clauses]}")
        texts = agree = unknown = 0
        for clause in plan.clauses:
            want = (clause.text_ja or clause.text) if lang == "ja" else clause.text
            item = got.get(clause.id)
            if item is not None and item.text == want:
                texts += 1
            elif item is not None:
                problems.append(f"{plan.id} {clause.id}: text {item.text!r}")
            guess = guesses[item.id].primary if item is not None else None
            unknown += guess is None
            agree += guess == clause.primary
            confusion[(clause.primary, guess)] += 1
        scores.append(PlanScore(plan.id, len(plan.clauses), ids_exact, texts, agree, unknown))
    return Evaluation(lang, scores, confusion, problems)


def main(argv: list[str] | None = None) -> int:  # python -m clausediff.categorize [PLANS_DIR] [--lang ja]
    import sys

    from .load import load_library

    args = list(sys.argv[1:] if argv is None else argv)
    lang = "en"
    if "--lang" in args:
        k = args.index("--lang")
        lang = args[k + 1]
        del args[k:k + 2]
    library = load_library(args[0] if args else None)
    print(evaluate(library.plans.values(), library.taxonomy, lang).table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
