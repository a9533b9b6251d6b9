"""Seeded synthetic plan pairs whose true alignment is known.

The texts are not random bags of words.  At run time the generator harvests
the phrases of the shipped plans (``plans/*.yaml``: the English clause texts
and the taxonomy's scopes), grouped by category, and builds every
synthetic clause from 2-15 of those phrases joined the way drafters join them
(", ", "; ", " and ", ", provided that ", a new sentence), with about one
content word in ten swapped for another word of the same topic, and with
quantities such as "600,000 personnel", "$100 billion", "within 30 days".
Each clause is therefore a distinct, topical sentence or two that a careful
reader could find again after it was edited.

The later plan ("new") is derived from the earlier one ("old") with
controlled shares of edits (:data:`DEFAULT_SHARES`, fractions of the old
clauses):

* ``unchanged``  - same text, same relative place;
* ``reworded``   - 1-4 words swapped for synonyms or a qualifier added
  (no number, modal, negation or party touched);
* ``modified``   - a quantity changed ("30 days" -> "60 days"), sometimes a word too;
* ``moved``      - same text, moved elsewhere in the plan;
* ``split``      - cut in two (or three) at a sentence or phrase boundary;
* ``merged``     - two neighbouring clauses joined into one (the share counts both);
* ``removed``    - dropped;

plus :data:`ADDED_SHARE` x N fresh clauses inserted at random places.  The new
plan ``supersedes`` the old one and is numbered 1..M in its own order.

The truth is a list of groups ``{"old": [...ids], "new": [...ids], "status": ...}``;
its edges are every (old id, new id) inside a group.

    >>> from benchmarks.synth import make_pair
    >>> old_path, new_path, edges = make_pair(100)        # in a fresh temp dir
    >>> # python -m clausediff validate --plans-dir <that dir> OLD NEW  -> OK

The directory written is a self-contained plans directory (taxonomy.yaml
included) with ``truth.json`` beside the two plans.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

REPO = Path(__file__).resolve().parent.parent

DEFAULT_SHARES: dict[str, float] = {
    "reworded": 0.16,
    "modified": 0.12,
    "moved": 0.06,
    "split": 0.05,
    "merged": 0.06,   # both members of a merged pair count
    "removed": 0.06,
    # the rest (~0.49) is unchanged
}
ADDED_SHARE = 0.06
MIN_WORDS, MAX_WORDS = 20, 120

# Words a drafter swaps without changing what a clause commits anyone to.
# Modals ("shall", "is to"), negators and party names are deliberately absent:
# changing those is a substantive change, not a rewording.
SYNONYMS: dict[str, list[str]] = {
    "ensure": ["guarantee", "secure"], "ensured": ["guaranteed", "secured"],
    "establish": ["set up", "create"], "established": ["set up", "created"],
    "create": ["establish", "set up"], "created": ["established"],
    "withdraw": ["pull back", "pull out"], "withdrawal": ["pull-back", "pullout"],
    "withdrawn": ["pulled back"], "support": ["back", "assist"], "supported": ["backed"],
    "immediately": ["at once", "without delay"], "fully": ["completely", "entirely"],
    "full": ["complete", "entire"], "complete": ["full"], "all": ["every one of the"],
    "restore": ["reinstate", "re-establish"], "restored": ["reinstated"],
    "lifted": ["removed", "eased"], "lifting": ["removal", "easing"],
    "reconstruction": ["rebuilding", "recovery"], "rebuild": ["reconstruct", "restore"],
    "forces": ["troops"], "troops": ["forces", "soldiers"], "begin": ["start", "commence"],
    "begins": ["starts", "commences"], "talks": ["negotiations"], "negotiations": ["talks"],
    "region": ["area"], "regions": ["areas"], "joint": ["common", "shared"],
    "guarantees": ["assurances"], "protect": ["safeguard"], "protection": ["safeguarding"],
    "recognised": ["acknowledged"], "recognized": ["acknowledged"], "recognise": ["acknowledge"],
    "country": ["state"], "countries": ["states"], "agreement": ["accord", "settlement"],
    "commitment": ["undertaking", "pledge"], "commitments": ["undertakings", "pledges"],
    "implement": ["carry out", "put into effect"], "implementation": ["execution"],
    "monitor": ["oversee", "observe"], "monitoring": ["oversight", "observation"],
    "use": ["employ"], "allowed": ["permitted"], "allow": ["permit"], "prohibited": ["banned", "forbidden"],
    "ban": ["prohibition"], "promptly": ["swiftly", "quickly"], "remain": ["stay"], "remains": ["stays"],
    "return": ["hand back"], "returned": ["handed back"], "provide": ["supply", "offer"],
    "provided": ["supplied", "offered"], "receive": ["obtain", "get"], "major": ["significant", "large"],
    "existing": ["current", "present"], "relevant": ["pertinent", "appropriate"],
    "sides": ["parties"], "conflict": ["war"], "war": ["conflict"], "cooperation": ["collaboration"],
    "dialogue": ["talks"], "measures": ["steps"], "steps": ["measures"], "framework": ["arrangement"],
    "territory": ["land"], "areas": ["zones"], "zone": ["area"], "assets": ["funds", "holdings"],
    "investment": ["investing"], "invested": ["put"],
    "international": ["multinational"], "security": ["safety"], "control": ["authority"],
    "process": ["procedure"], "plan": ["scheme"], "issues": ["questions", "matters"],
    "treated": ["regarded"], "considered": ["regarded", "deemed"], "confirmed": ["affirmed"],
    "develop": ["expand"], "development": ["growth"], "large": ["big"], "future": ["coming"],
    "effective": ["operative"], "basis": ["footing"], "particular": ["specific"],
}
SYNONYMS = {k: [v for v in vs if v != k] for k, vs in SYNONYMS.items() if any(v != k for v in vs)}
QUALIFIERS = [" in good faith", " in full", ", as agreed", " without preconditions",
              ", in principle", " as soon as practicable", ", in close coordination"]
CONNECTORS = [", "] * 6 + ["; ", " and ", " and ", ", so that ", ", provided that ", ", while ",
                           ", including ", " as well as ", ", with "]
SENTENCE = ". "

_SPLIT_RE = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d)|[;:()\[\]\"“”]|\.(?=\s|$)|\s[–—]\s|\s-\s"
    r"|\s(?:and|or|but|while|whereas|which|so that|including|provided that|as well as|whether)\s)\s*"
)
_LEAD_RE = re.compile(r"^(?:(?:and|or|but|while|which|with|as well as|including|so that|since|also|then)\s+)+", re.I)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_NUM_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


# --------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    """Phrases and words of the shipped plans, by category."""

    categories: list[str]
    weights: list[float]
    chunks: dict[str, list[str]]
    general: list[str]
    vocab: dict[str, list[str]]
    tags: dict[str, list[str]]
    taxonomy_path: Path


def default_plans_dir() -> Path:
    local = REPO / "plans"
    if (local / "taxonomy.yaml").is_file():
        return local
    from clausediff.load import packaged_plans_dir

    return packaged_plans_dir()


def _phrases(text: str, lowercase_words: set[str]) -> list[str]:
    out = []
    for raw in _SPLIT_RE.split(" ".join(text.split())):
        phrase = _LEAD_RE.sub("", raw.strip(" .'’\"-–—"))
        words = phrase.split()
        if not 2 <= len(words) <= 14:
            continue
        if not any(len(w) >= 4 and w.isalpha() for w in words):
            continue
        if re.search(r"[^\w\s$%€,.'’\-–/&]", phrase):
            continue  # quotes, brackets, non-Latin scripts: not clause prose
        first = words[0]
        if first.lower() in lowercase_words and first[:1].isupper():
            words[0] = first[0].lower() + first[1:]
        out.append(" ".join(words))
    return out


@lru_cache(maxsize=4)
def harvest(plans_dir: str | None = None) -> Corpus:
    """Read the shipped plans and the taxonomy: phrases, topic words, tags and category weights."""
    directory = Path(plans_dir) if plans_dir else default_plans_dir()
    taxonomy_path = directory / "taxonomy.yaml"
    taxonomy = yaml.safe_load(taxonomy_path.read_text("utf-8"))
    cats = [c["id"] for c in taxonomy["categories"]]
    texts: dict[str, list[str]] = {c: [] for c in cats}
    general_texts: list[str] = []
    tags: dict[str, list[str]] = {c: [] for c in cats}
    counts: Counter = Counter()
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "taxonomy.yaml":
            continue
        doc = yaml.safe_load(path.read_text("utf-8"))
        if doc.get("language", "en") != "en":
            continue
        # Summaries and notes are editorial ("as reported by ..."), not plan prose: left out.
        for clause in doc.get("clauses") or []:
            clause_cats = [c for c in clause.get("categories", []) if c in texts]
            if not clause_cats or not isinstance(clause.get("text"), str):
                continue
            counts[clause_cats[0]] += 1
            for c in clause_cats:
                texts[c].append(clause["text"])
            for t in clause.get("tags", []) or []:
                if t not in tags[clause_cats[0]]:
                    tags[clause_cats[0]].append(t)
    for c in taxonomy["categories"]:
        texts[c["id"]].append(c["scope"])
    all_text = " ".join(t for ts in texts.values() for t in ts) + " " + " ".join(general_texts)
    lowercase_words = {w for w in _WORD_RE.findall(all_text) if w.islower()}

    from clausediff.similarity import STOP_WORDS

    chunks: dict[str, list[str]] = {}
    vocab: dict[str, list[str]] = {}
    general: list[str] = []
    for c in cats:
        phrases = list(dict.fromkeys(p for t in texts[c] for p in _phrases(t, lowercase_words)))
        chunks[c] = phrases
        general.extend(phrases)
        words = [w for t in texts[c] for w in _WORD_RE.findall(t)]
        vocab[c] = sorted({w for w in words if w.islower() and len(w) >= 4 and w not in STOP_WORDS and "'" not in w})
    general.extend(p for t in general_texts for p in _phrases(t, lowercase_words))
    general = list(dict.fromkeys(general))
    weights = [counts[c] + 3.0 for c in cats]  # shipped frequencies, smoothed
    return Corpus(cats, weights, chunks, general, vocab, tags, taxonomy_path)


# --------------------------------------------------------------------------- clauses


@dataclass
class Draft:
    """A clause under construction: phrases and the separators between them."""

    chunks: list[str]
    seps: list[str]
    categories: list[str]
    tags: list[str] = field(default_factory=list)

    def text(self) -> str:
        parts = [_cap(self.chunks[0])]
        for sep, chunk in zip(self.seps, self.chunks[1:]):
            parts.append(sep)
            parts.append(_cap(chunk) if sep == SENTENCE else chunk)
        return "".join(parts) + "."

    def words(self) -> int:
        return len(self.text().split())

    def copy(self) -> "Draft":
        return Draft(list(self.chunks), list(self.seps), list(self.categories), list(self.tags))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _number_phrase(rng: random.Random, category: str) -> str:
    days = rng.choice([7, 10, 14, 21, 30, 45, 60, 90, 100, 120, 180, 270, 365])
    years = rng.choice([2, 3, 5, 7, 10, 15, 20, 25])
    people = rng.randrange(50, 990) * 1000
    billions = rng.choice([5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500])
    pct = rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 75, 80, 90])
    km = rng.choice([5, 10, 15, 20, 25, 30, 40, 50, 100])
    by_cat = {
        "armed-forces": [f"capped at {people:,} personnel", f"no more than {people:,} troops",
                         f"reduced by {pct}% over {years} years"],
        "economy": [f"${billions} billion in frozen assets", f"{pct}% of the profits",
                    f"a fund of ${billions} billion", f"${billions} billion over {years} years"],
        "sanctions": [f"within {days} days", f"in {years} stages", f"${billions} billion of blocked reserves"],
        "territory": [f"a {km} km demilitarised zone", f"within {days} days", f"{km} km from the contact line"],
        "ceasefire": [f"within {days} days", f"{days} days after signature", f"a {km} km separation zone"],
        "humanitarian": [f"{people:,} detainees", f"within {days} days", f"{pct}% of displaced families"],
        "elections-governance": [f"within {days} days", f"no later than {days} days after signing"],
        "nuclear": [f"{pct}% of the electricity", f"for {years} years"],
        "implementation": [f"within {days} days of signature", f"for {years} years",
                           f"no later than {days} days after signing"],
    }
    generic = [f"within {days} days", f"for {years} years", f"${billions} billion", f"{pct}% of the total"]
    return rng.choice(by_cat.get(category, []) + generic)


def _mutate(rng: random.Random, phrase: str, vocab: list[str], p: float = 0.08) -> str:
    """Swap about one content word in twelve for a topic word of the same ending (-s, -ed, -ion...)."""
    if not vocab:
        return phrase
    words = phrase.split(" ")
    for k, w in enumerate(words):
        if len(w) >= 4 and w.isalpha() and w.islower() and rng.random() < p:
            same = _by_ending(tuple(vocab)).get(w[-2:])
            if same:
                words[k] = rng.choice(same)
    return " ".join(words)


@lru_cache(maxsize=64)
def _by_ending(vocab: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in vocab:
        out.setdefault(w[-2:], []).append(w)
    return out


def _new_draft(rng: random.Random, corpus: Corpus, category: str | None = None) -> Draft:
    cat = category or rng.choices(corpus.categories, corpus.weights)[0]
    cats = [cat]
    if rng.random() < 0.30:
        cats.append(rng.choice([c for c in corpus.categories if c != cat]))
        if rng.random() < 0.15:
            cats.append(rng.choice([c for c in corpus.categories if c not in cats]))
    pool = corpus.tags.get(cat) or []
    tags = sorted(rng.sample(pool, min(len(pool), rng.choice([1, 1, 2])))) if pool and rng.random() < 0.4 else []
    target = MIN_WORDS + int((MAX_WORDS - MIN_WORDS) * rng.betavariate(1.6, 4.0))
    own = corpus.chunks.get(cat) or corpus.general
    chunks: list[str] = []
    seps: list[str] = []
    words = 0
    numbers = 1 if rng.random() < 0.55 else 0
    numbers += 1 if numbers and rng.random() < 0.25 else 0
    tries = 0
    while words < target and tries < 50:
        tries += 1
        phrase = rng.choice(own) if rng.random() < 0.55 else rng.choice(corpus.general)
        phrase = _mutate(rng, phrase, corpus.vocab.get(cat, []))
        sep = (SENTENCE if words >= 12 and rng.random() < 0.15 else rng.choice(CONNECTORS)) if chunks else ""
        n = len(phrase.split()) + len(sep.split())
        if words + n > MAX_WORDS - 8 * numbers:
            continue
        if chunks:
            seps.append(sep)
        chunks.append(phrase)
        words += n
    for _ in range(numbers):
        pos = rng.randrange(1, len(chunks) + 1)
        chunks.insert(pos, _number_phrase(rng, cat))
        seps.insert(pos - 1, rng.choice([", ", " ", ", ", " and "]))
    draft = Draft(chunks, seps, cats, tags)
    while draft.words() > MAX_WORDS and len(draft.chunks) > 1:
        draft.chunks.pop()
        draft.seps.pop()
    while draft.words() < MIN_WORDS:
        draft.seps.append(rng.choice(CONNECTORS))
        draft.chunks.append(_mutate(rng, rng.choice(own), corpus.vocab.get(cat, [])))
    return draft


def _reword(rng: random.Random, draft: Draft) -> Draft:
    """1-4 synonym swaps (or a qualifier): the same commitments in other words."""
    out = draft.copy()
    spots = [(k, m) for k, chunk in enumerate(out.chunks) for m in re.finditer(r"[A-Za-z]+", chunk)
             if m.group(0).lower() in SYNONYMS]
    want = max(1, min(4, draft.words() // 25))
    rng.shuffle(spots)
    done: set[int] = set()
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for k, m in spots:
        if len(done) >= want:
            break
        if k in done:
            continue
        word = m.group(0)
        repl = rng.choice(SYNONYMS[word.lower()])
        if word[0].isupper():
            repl = _cap(repl)
        edits.setdefault(k, []).append((m.start(), m.end(), repl))
        done.add(k)
    for k, items in edits.items():
        chunk = out.chunks[k]
        for start, end, repl in sorted(items, reverse=True):
            chunk = chunk[:start] + repl + chunk[end:]
        out.chunks[k] = chunk
    if not edits:
        k = rng.randrange(len(out.chunks))
        out.chunks[k] = out.chunks[k] + rng.choice(QUALIFIERS)
    return out


def _change_number(rng: random.Random, token: str) -> str:
    value = float(token.replace(",", ""))
    for _ in range(10):
        new = value * rng.choice([0.5, 0.6, 0.75, 1.25, 1.5, 2, 3])
        if new >= 1000:
            mag = 10 ** (len(str(int(new))) - 2)
            new = round(new / mag) * mag
        new = int(round(new)) if "." not in token else round(new, 1)
        if new != value and new > 0:
            break
    else:
        new = int(value) + 1
    text = f"{new:,}" if ("," in token or new >= 10000) and isinstance(new, int) else str(new)
    return text


def _modify(rng: random.Random, draft: Draft, category: str) -> Draft:
    """Change one quantity (or add one); sometimes reword a little as well."""
    out = draft.copy()
    spots = [(k, m) for k, chunk in enumerate(out.chunks) for m in _NUM_RE.finditer(chunk)]
    if spots:
        k, m = rng.choice(spots)
        chunk = out.chunks[k]
        out.chunks[k] = chunk[: m.start()] + _change_number(rng, m.group(0)) + chunk[m.end():]
    else:
        out.chunks.append(_number_phrase(rng, category))
        out.seps.append(", ")
    if rng.random() < 0.3:
        out = _reword(rng, out)
    return out


def _split(rng: random.Random, draft: Draft) -> list[Draft]:
    """Cut at sentence breaks if any, else at the phrase boundary nearest the middle (2 or 3 parts)."""
    parts_wanted = 3 if draft.words() >= 80 and len(draft.chunks) >= 6 and rng.random() < 0.3 else 2
    sizes = [len(c.split()) for c in draft.chunks]
    total = sum(sizes)
    cuts: list[int] = []
    for p in range(1, parts_wanted):
        goal = total * p / parts_wanted
        best, best_key = None, None
        acc = 0
        for k in range(1, len(draft.chunks)):
            acc += sizes[k - 1]
            if k in cuts or (cuts and k <= cuts[-1]):
                continue
            key = (0 if draft.seps[k - 1] == SENTENCE and abs(acc - goal) < total / (2 * parts_wanted) else 1,
                   abs(acc - goal))
            if best_key is None or key < best_key:
                best, best_key = k, key
        if best is not None:
            cuts.append(best)
    bounds = [0] + cuts + [len(draft.chunks)]
    return [
        Draft(draft.chunks[a:b], draft.seps[a : b - 1], list(draft.categories), list(draft.tags))
        for a, b in zip(bounds, bounds[1:])
    ]


def _merge(first: Draft, second: Draft) -> Draft:
    cats = list(first.categories) + [c for c in second.categories if c not in first.categories]
    tags = sorted(set(first.tags) | set(second.tags))
    return Draft(first.chunks + second.chunks, first.seps + [SENTENCE] + second.seps, cats, tags)


# --------------------------------------------------------------------------- plan pairs


@dataclass
class SynthPair:
    n: int
    seed: int
    old: dict
    new: dict
    groups: list[dict]

    @property
    def edges(self) -> list[tuple[str, str]]:
        return [(o, n) for g in self.groups for o in g["old"] for n in g["new"]]

    def texts(self) -> list[tuple[str, str, str]]:
        """(status, old text, new text) of every group with clauses on both sides, in old order."""
        old_text = {c["id"]: c["text"] for c in self.old["clauses"]}
        new_text = {c["id"]: c["text"] for c in self.new["clauses"]}
        return [
            (g["status"], " ".join(old_text[i] for i in g["old"]), " ".join(new_text[j] for j in g["new"]))
            for g in self.groups
            if g["old"] and g["new"]
        ]


def _counts(n: int, shares: dict[str, float]) -> dict[str, int]:
    counts = {k: int(round(v * n)) for k, v in shares.items()}
    counts["merged"] -= counts.get("merged", 0) % 2
    if sum(counts.values()) > n:
        raise ValueError("shares add up to more than 1")
    return counts


def generate(n: int, seed: int = 0, shares: dict[str, float] | None = None,
             added_share: float = ADDED_SHARE, plans_dir: str | None = None) -> SynthPair:
    """An old plan of ``n`` clauses, a revision of it, and the true alignment (in memory)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    corpus = harvest(plans_dir)
    rng = random.Random(f"clausediff-synth:{seed}:{n}")
    counts = _counts(n, dict(DEFAULT_SHARES if shares is None else shares))

    drafts: list[Draft] = []
    seen: set[str] = set()
    while len(drafts) < n:
        d = _new_draft(rng, corpus)
        if d.text() not in seen:
            seen.add(d.text())
            drafts.append(d)

    # Who becomes what: merged pairs first (neighbours), then splits (long clauses),
    # modified (clauses with a number, preferably), then the rest.
    kinds: list[str] = ["unchanged"] * n
    starts = list(range(n - 1))
    rng.shuffle(starts)
    pairs_left = counts.get("merged", 0) // 2
    for i in starts:
        if pairs_left == 0:
            break
        if kinds[i] == kinds[i + 1] == "unchanged" and drafts[i].words() + drafts[i + 1].words() <= 160:
            kinds[i], kinds[i + 1] = "merged-first", "merged-second"
            pairs_left -= 1
    free = [i for i in range(n) if kinds[i] == "unchanged"]
    rng.shuffle(free)

    def take(kind: str, count: int, prefer=lambda i: True) -> None:
        chosen = [i for i in free if prefer(i)][:count]
        if len(chosen) < count:
            chosen += [i for i in free if i not in set(chosen)][: count - len(chosen)]
        for i in chosen:
            kinds[i] = kind
        chosen_set = set(chosen)
        free[:] = [i for i in free if i not in chosen_set]

    take("split", counts.get("split", 0), lambda i: drafts[i].words() >= 40 and len(drafts[i].chunks) >= 4)
    take("modified", counts.get("modified", 0), lambda i: any(_NUM_RE.search(c) for c in drafts[i].chunks))
    for kind in ("reworded", "moved", "removed"):
        take(kind, counts.get(kind, 0))
    for i in range(n):  # a split needs two phrases at least
        if kinds[i] == "split" and len(drafts[i].chunks) < 2:
            kinds[i] = "reworded"

    # The new plan, in old order first; moved and added clauses are then inserted.
    groups: list[dict] = []
    entries: list[tuple[Draft, int]] = []  # (draft, group index)
    moved: list[tuple[Draft, int, int]] = []  # (draft, group, natural position)
    for i, kind in enumerate(kinds):
        d = drafts[i]
        if kind == "merged-second":
            continue
        if kind == "removed":
            groups.append({"old": [i], "new": [], "status": "removed"})
            continue
        g = len(groups)
        if kind == "merged-first":
            groups.append({"old": [i, i + 1], "new": [], "status": "merged"})
            entries.append((_merge(d, drafts[i + 1]), g))
        elif kind == "split":
            groups.append({"old": [i], "new": [], "status": "split"})
            entries.extend((part, g) for part in _split(rng, d))
        elif kind == "moved":
            groups.append({"old": [i], "new": [], "status": "moved"})
            moved.append((d, g, len(entries)))
        else:
            groups.append({"old": [i], "new": [], "status": kind})
            new = d
            if kind == "reworded":
                new = _reword(rng, d)
            elif kind == "modified":
                new = _modify(rng, d, d.categories[0])
            entries.append((new, g))
    for d, g, natural in moved:
        span = max(3, len(entries) // 10)
        choices = [p for p in range(len(entries) + 1) if abs(p - natural) >= span] or [len(entries)]
        entries.insert(rng.choice(choices), (d, g))
    added = int(round(added_share * n))
    made = 0
    while made < added:
        d = _new_draft(rng, corpus)
        if d.text() in seen:
            continue
        seen.add(d.text())
        g = len(groups)
        groups.append({"old": [], "new": [], "status": "added"})
        entries.insert(rng.randrange(len(entries) + 1), (d, g))
        made += 1

    old_id = f"synth-{n}-old"
    new_id = f"synth-{n}-new"
    for pos, (d, g) in enumerate(entries):
        groups[g]["new"].append(str(pos + 1))
    for g in groups:
        g["old"] = [str(i + 1) for i in g["old"]]

    def clause(cid: str, d: Draft) -> dict:
        out = {"id": cid, "text": d.text(), "categories": list(d.categories)}
        if d.tags:
            out["tags"] = list(d.tags)
        return out

    def head(pid: str, title: str, date: str, kind: str, supersedes: str | None) -> dict:
        return {
            "id": pid, "title": title, "short_title": title.split(" (")[0],
            "parties": ["United States", "Ukraine"], "date": date, "kind": kind,
            "completeness": "full", "supersedes": supersedes, "language": "en",
            "summary": f"Synthetic plan for benchmarks (seed {seed}): phrases of the shipped plans "
                       "recombined; not a real document.",
            "sources": [{"title": "clausediff synthetic benchmark plan", "publisher": "clausediff benchmarks",
                         "url": f"https://example.org/clausediff/synthetic/{pid}"}],
        }

    old = head(old_id, f"Synthetic plan {n} (old)", "2025-11-20", "proposal", None)
    old["clauses"] = [clause(str(i + 1), d) for i, d in enumerate(drafts)]
    new = head(new_id, f"Synthetic plan {n} (new)", "2025-11-30", "revision", old_id)
    new["clauses"] = [clause(str(p + 1), d) for p, (d, _) in enumerate(entries)]
    return SynthPair(n, seed, old, new, groups)


# --------------------------------------------------------------------------- files


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _folded(text: str, indent: int) -> str:
    lines = textwrap.wrap(text, width=78, break_long_words=False, break_on_hyphens=False)
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in lines)


def plan_yaml(doc: dict) -> str:
    """The plan as YAML in the shipped plans' layout (folded clause texts)."""
    out = [f"id: {doc['id']}", f"title: {_q(doc['title'])}", f"short_title: {_q(doc['short_title'])}",
           "parties: [" + ", ".join(doc["parties"]) + "]", f"date: {doc['date']}", f"kind: {doc['kind']}",
           f"completeness: {doc['completeness']}", f"supersedes: {doc['supersedes'] or 'null'}",
           "responds_to: null", f"language: {doc['language']}", f"summary: {_folded(doc['summary'], 2)}",
           "sources:"]
    for s in doc["sources"]:
        out.append(f"  - {{title: {_q(s['title'])}, publisher: {_q(s['publisher'])}, url: {_q(s['url'])}}}")
    out.append("clauses:")
    for c in doc["clauses"]:
        out.append(f'  - id: "{c["id"]}"')
        out.append(f"    text: {_folded(c['text'], 6)}")
        out.append("    categories: [" + ", ".join(c["categories"]) + "]")
        if c.get("tags"):
            out.append("    tags: [" + ", ".join(c["tags"]) + "]")
    return "\n".join(out) + "\n"


def write_pair(pair: SynthPair, directory: str | Path) -> tuple[Path, Path, list[tuple[str, str]]]:
    """Write a self-contained plans directory: taxonomy.yaml, both plans, truth.json."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(harvest().taxonomy_path, directory / "taxonomy.yaml")
    old_path = directory / f"{pair.old['id']}.yaml"
    new_path = directory / f"{pair.new['id']}.yaml"
    old_path.write_text(plan_yaml(pair.old), "utf-8")
    new_path.write_text(plan_yaml(pair.new), "utf-8")
    truth = {"n": pair.n, "seed": pair.seed, "old": pair.old["id"], "new": pair.new["id"], "groups": pair.groups}
    (directory / "truth.json").write_text(json.dumps(truth, indent=1), "utf-8")
    return old_path, new_path, pair.edges


def make_pair(n: int, directory: str | Path | None = None, seed: int = 0,
              shares: dict[str, float] | None = None) -> tuple[Path, Path, list[tuple[str, str]]]:
    """Generate and write a pair for ``n`` clauses (in a new temp dir unless ``directory``).

    Returns ``(old_path, new_path, truth_edges)``, edges as (old clause id, new clause id).
    """
    if directory is None:
        directory = tempfile.mkdtemp(prefix=f"clausediff-synth-{n}-")
    return write_pair(generate(n, seed, shares), directory)


def read_truth(directory: str | Path) -> dict:
    return json.loads((Path(directory) / "truth.json").read_text("utf-8"))


def redline_pairs(count: int = 2000, seed: int = 0, n: int = 1000) -> list[tuple[str, str]]:
    """``count`` (old text, new text) pairs that differ, as a diff would redline them.

    Taken from synthetic plan pairs of ``n`` clauses (seeds ``seed``, ``seed+1``, ...)
    until there are enough: reworded, modified, split and merged groups.
    """
    out: list[tuple[str, str]] = []
    s = seed
    while len(out) < count:
        out.extend((a, b) for _, a, b in generate(n, s).texts() if a != b)
        s += 1
    return out[:count]


def iter_sizes(spec: str) -> Iterable[int]:
    for part in spec.split(","):
        part = part.strip().replace("_", "")
        if part:
            yield int(part[:-1]) * 1000 if part.lower().endswith("k") else int(part)
