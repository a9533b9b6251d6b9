"""Align the clauses of two plans and classify what became of each.

Pipeline, in order of trust:

1. explicit ``links`` from either plan file (basis ``link``);
2. automatic one-to-one matching on what the clauses say (basis ``auto``):
   TF-IDF similarity plus a bonus for shared categories and tags, candidates
   pruned through an inverted index, then an optimal assignment (Hungarian
   algorithm per connected component) above a threshold;
3. split (one old -> several new) and merge (several old -> one new)
   detection among what is left, by how much of a clause's weight is
   contained in another;
4. classification of every group, with a word-level redline and the list of
   substantive changes.

Every clause of both plans ends up in exactly one pair.  The result is
deterministic: iteration is by clause order, ties broken by it.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .model import Clause, Plan, Taxonomy
from .similarity import (
    Features,
    Vectorizer,
    containment,
    cosine,
    extract,
    top_features,
)
from .textdiff import Op, diff_ops, normalize, substantive_changes

STATUSES = ("unchanged", "reworded", "modified", "moved", "split", "merged", "added", "removed")
FLAGS = ("moved", "recategorised", "renumbered", "fallback-text", "partial-text")
DEFAULT_MIN_SIMILARITY = 0.30

# Matching knobs (measured on the shipped plans; see tests/test_alignment_quality.py).
_WORD_WEIGHT = 0.6
_CHAR_WEIGHT = 0.4
_CATEGORY_BONUS = 0.12
_TAG_BONUS = 0.06
_SAME_NUMBER_BONUS = 0.30  # only when the two plans are shown to share their numbering
_SPLIT_CONTAINMENT = 0.55
_GAP_MIN_SIMILARITY = 0.05
_GAP_MAX_SIZE = 3  # a rewrite "in place" is only plausible in a small gap
_ATTACH_MARGIN = 0.12
_BACKGROUND_MARGIN = 0.08
_EXACT_PRUNE_LIMIT = 400 * 400  # below this many clause pairs, score them all
_INDEX_FEATURES = 12
_MAX_CANDIDATES = 12
_MAX_POSTING = 200
_HUNGARIAN_LIMIT = 300


@dataclass
class Pair:
    """What became of one or more old clauses: the unit of every report."""

    status: str
    old: list[str]
    new: list[str]
    categories: list[str]
    similarity: float | None = None
    basis: str | None = None
    flags: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    ops: list[Op] = field(default_factory=list)

    @property
    def primary(self) -> str:
        return self.categories[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "old": list(self.old),
            "new": list(self.new),
            "categories": list(self.categories),
            "similarity": self.similarity,
            "basis": self.basis,
            "flags": list(self.flags),
            "changes": [dict(c) for c in self.changes],
            "ops": [[tag, text] for tag, text in self.ops],
        }


@dataclass
class DiffResult:
    old: Plan
    new: Plan
    pairs: list[Pair]
    lang: str = "en"

    def summary(self) -> dict[str, Any]:
        by_status: dict[str, int] = defaultdict(int)
        by_category: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for pair in self.pairs:
            by_status[pair.status] += 1
            by_category[pair.primary][pair.status] += 1
        order = {s: i for i, s in enumerate(STATUSES)}
        return {
            "by_status": {s: by_status[s] for s in sorted(by_status, key=order.get)},
            "by_category": {
                c: {s: v[s] for s in sorted(v, key=order.get)} for c, v in sorted(by_category.items())
            },
        }

    def changed(self) -> bool:
        return any(p.status != "unchanged" or p.flags for p in self.pairs)

    def filtered(self, categories: Iterable[str] = (), statuses: Iterable[str] = ()) -> "DiffResult":
        categories, statuses = set(categories), set(statuses)
        pairs = [
            p
            for p in self.pairs
            if (not categories or categories & set(p.categories))
            and (not statuses or p.status in statuses or statuses & set(p.flags))
        ]
        return DiffResult(self.old, self.new, pairs, self.lang)

    def to_json(self) -> dict[str, Any]:
        def head(plan: Plan) -> dict[str, Any]:
            return {"id": plan.id, "title": plan.title, "date": plan.date.isoformat()}

        return {
            "old": head(self.old),
            "new": head(self.new),
            "pairs": [p.to_json() for p in self.pairs],
            "summary": self.summary(),
        }


# --------------------------------------------------------------------------- helpers


def clause_text(clause: Clause, lang: str = "en") -> tuple[str, bool]:
    """The clause's text in ``lang`` and whether it fell back to English."""
    return clause.text_in(lang)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Deterministic root: the smaller key wins.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _components(edges: Iterable[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Connected components of a bipartite edge list, as (old indices, new indices), sorted."""
    uf = _UnionFind()
    for i, j in edges:
        uf.union(("o", i), ("n", j))
    groups: dict[Any, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for node in list(uf.parent):
        side, idx = node
        groups[uf.find(node)][0 if side == "o" else 1].add(idx)
    comps = [(sorted(o), sorted(n)) for o, n in groups.values()]
    return sorted(comps, key=lambda c: (min(c[1]) if c[1] else -1, min(c[0]) if c[0] else -1))


def hungarian(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment on a dense rows x cols matrix (weights >= 0).

    Kuhn–Munkres with potentials, O(n^2 m).  Returns (row, col) pairs with
    positive weight only.
    """
    if not weights or not weights[0]:
        return []
    transposed = len(weights) > len(weights[0])
    w = [list(col) for col in zip(*weights)] if transposed else weights
    n, m = len(w), len(w[0])
    big = max(max(row) for row in w)
    cost = [[big - x for x in row] for row in w]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            ui0 = u[i0]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result = []
    for j in range(1, m + 1):
        if p[j]:
            r, c = p[j] - 1, j - 1
            if w[r][c] > 0:
                result.append((c, r) if transposed else (r, c))
    return sorted(result)


def _longest_increasing(seq: list[tuple[int, int]]) -> set[int]:
    """Indices into ``seq`` (sorted by old position) whose new positions form the longest increasing run."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for k, (_, pos) in enumerate(seq):
        i = bisect.bisect_left(tails, pos)
        if i == len(tails):
            tails.append(pos)
            tails_idx.append(k)
        else:
            tails[i] = pos
            tails_idx[i] = k
        prev[k] = tails_idx[i - 1] if i else -1
    keep: set[int] = set()
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return keep


# --------------------------------------------------------------------------- the matcher


@dataclass
class _Side:
    clauses: list[Clause]
    feats: list[Features]
    words: list[dict[str, float]]
    chars: list[dict[str, float]]
    norm: list[str]
    top: list[list[str]] | None = None


class Aligner:
    """Aligns two plans.  Construct once, call :meth:`run`."""

    def __init__(self, old: Plan, new: Plan, *, use_links: bool = True,
                 min_similarity: float = DEFAULT_MIN_SIMILARITY, lang: str = "en"):
        self.old, self.new = old, new
        self.use_links = use_links
        self.min_similarity = min_similarity
        self.threshold = min_similarity  # raised above the plans' background similarity
        self.lang = lang
        self.shared_numbering = False
        self._sim_cache: dict[tuple[int, int], float] = {}
        # Clauses a revision kept word for word share one Features object (computed once).
        by_text: dict[str, Features] = {}
        feats_old = [by_text.get(c.text) or by_text.setdefault(c.text, extract(c.text)) for c in old.clauses]
        feats_new = [by_text.get(c.text) or by_text.setdefault(c.text, extract(c.text)) for c in new.clauses]
        vec = Vectorizer(feats_old + feats_new)
        self.a = self._side(old.clauses, feats_old, vec)
        self.b = self._side(new.clauses, feats_new, vec)

    @staticmethod
    def _side(clauses: list[Clause], feats: list[Features], vec: Vectorizer) -> _Side:
        memo: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
        for f in feats:
            if id(f) not in memo:
                memo[id(f)] = vec.vectors(f)
        words, chars = zip(*(memo[id(f)] for f in feats)) if feats else ((), ())
        return _Side(clauses, feats, list(words), list(chars), [normalize(c.text) for c in clauses])

    # -- similarity

    def text_similarity(self, i: int, j: int) -> float:
        key = (i, j)
        cached = self._sim_cache.get(key)
        if cached is None:
            cached = self._sim_cache[key] = self._text_similarity(i, j)
        return cached

    def _text_similarity(self, i: int, j: int) -> float:
        if self.a.norm[i] == self.b.norm[j]:
            return 1.0  # identical after normalisation, even with no content words ("will")
        return _WORD_WEIGHT * cosine(self.a.words[i], self.b.words[j]) + _CHAR_WEIGHT * cosine(
            self.a.chars[i], self.b.chars[j]
        )

    def score(self, i: int, j: int) -> float:
        ca, cb = self.a.clauses[i], self.b.clauses[j]
        sim = self.text_similarity(i, j)
        cats_a, cats_b = set(ca.categories), set(cb.categories)
        bonus = 0.0
        if ca.primary == cb.primary:
            bonus += _CATEGORY_BONUS
        elif cats_a & cats_b:
            bonus += _CATEGORY_BONUS / 2
        if ca.tags and cb.tags:
            tags_a, tags_b = set(ca.tags), set(cb.tags)
            bonus += _TAG_BONUS * len(tags_a & tags_b) / len(tags_a | tags_b)
        # Category and tag agreement only help a match the text already supports.
        total = sim + bonus * min(1.0, sim / 0.25)
        if self.shared_numbering and ca.id == cb.id and cats_a & cats_b:
            # A revision that keeps its predecessor's numbering (the E3 text walks the
            # 28 points) says "point 7 answers point 7" even when it rewrites it whole.
            total += _SAME_NUMBER_BONUS
        return total

    # -- stages

    def _link_groups(self) -> list[tuple[list[int], list[int]]]:
        if not self.use_links:
            return []
        old_idx = {c.id: i for i, c in enumerate(self.a.clauses)}
        new_idx = {c.id: j for j, c in enumerate(self.b.clauses)}
        edges = set()
        for j, clause in enumerate(self.b.clauses):
            for cid in clause.links.get(self.old.id, []):
                if cid in old_idx:
                    edges.add((old_idx[cid], j))
        for i, clause in enumerate(self.a.clauses):
            for cid in clause.links.get(self.new.id, []):
                if cid in new_idx:
                    edges.add((i, new_idx[cid]))
        return _components(sorted(edges))

    def _unique_identical(self, olds: list[int], news: list[int]) -> list[tuple[int, int]]:
        by_old: dict[str, list[int]] = defaultdict(list)
        by_new: dict[str, list[int]] = defaultdict(list)
        for i in olds:
            by_old[self.a.norm[i]].append(i)
        for j in news:
            by_new[self.b.norm[j]].append(j)
        return sorted((by_old[t][0], js[0]) for t, js in by_new.items() if len(js) == 1 and len(by_old.get(t, ())) == 1)

    def _large(self) -> bool:
        return len(self.a.clauses) * len(self.b.clauses) > _EXACT_PRUNE_LIMIT

    def _neighbours(self, k: int, new_side: bool) -> list[int]:
        """Clauses of the other plan worth comparing with clause ``k`` (large documents only).

        Blocking: only clauses sharing one of ``k``'s heaviest features (or its whole
        text) are candidates, ranked by the weight of what they share; the expensive
        similarity is computed for those alone.
        """
        side = self.b if new_side else self.a
        vec, norm = side.words[k], side.norm[k]
        index, same = (self._index("a"), self._same_text("a")) if new_side else (self._index("b"), self._same_text("b"))
        hits: dict[int, float] = defaultdict(float)
        for f in self._top(side, k):
            posting = index.get(f, ())
            if len(posting) > _MAX_POSTING:
                continue  # a feature half the document shares does not discriminate
            for o in posting:
                hits[o] += vec[f]
        best = heapq.nlargest(_MAX_CANDIDATES, sorted(hits), key=hits.__getitem__)  # ties: lower index
        for o in same.get(norm, ()):
            if o not in hits:
                best.append(o)
        return best

    def _top(self, side: _Side, k: int) -> list[str]:
        if side.top is None:
            side.top = [top_features(v, _INDEX_FEATURES) for v in side.words]
        return side.top[k]

    def _index(self, side: str) -> dict[str, list[int]]:
        cache = self.__dict__.setdefault("_indexes", {})
        if side not in cache:
            which = self.a if side == "a" else self.b
            index: dict[str, list[int]] = defaultdict(list)
            for i in range(len(which.clauses)):
                for f in self._top(which, i):
                    index[f].append(i)
            cache[side] = index
        return cache[side]

    def _same_text(self, side: str) -> dict[str, list[int]]:
        cache = self.__dict__.setdefault("_same", {})
        if side not in cache:
            table: dict[str, list[int]] = defaultdict(list)
            for i, norm in enumerate(self.a.norm if side == "a" else self.b.norm):
                table[norm].append(i)
            cache[side] = table
        return cache[side]

    def _candidates(self, olds: list[int], news: list[int]) -> dict[tuple[int, int], float]:
        """Scores of the candidate pairs that clear the threshold (see :meth:`_set_threshold`)."""
        old_set = set(olds)
        all_scores: dict[tuple[int, int], float] = {}
        for j in news:
            others = self._neighbours(j, new_side=True) if self._large() else olds
            for i in others:
                if i in old_set:
                    all_scores[(i, j)] = self.score(i, j)
        self._set_threshold(all_scores)
        return {k: s for k, s in all_scores.items() if s >= self.threshold}

    def _set_threshold(self, scores: dict[tuple[int, int], float]) -> None:
        """Raise the matching threshold above the background similarity of the two plans.

        The typical *second-best* score of a clause is what an unrelated clause scores
        here. Plans written from a shared stock of phrases (long treaties, boilerplate)
        have a high background, and a clause that merely shares it is no match. In the
        shipped plans the background is 0.03-0.21, so the 0.30 default stands.
        """
        by_new: dict[int, list[float]] = defaultdict(list)
        for (_, j), sc in scores.items():
            by_new[j].append(sc)
        seconds = sorted(sorted(v, reverse=True)[1] for v in by_new.values() if len(v) >= 2)
        background = seconds[len(seconds) // 2] if len(seconds) >= 20 else 0.0
        self.threshold = max(self.min_similarity, background + _BACKGROUND_MARGIN)

    def _assign(self, scores: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
        if not scores:
            return []
        na, nb = max(len(self.a.clauses), 1), max(len(self.b.clauses), 1)
        # A whisper of positional prior breaks exact ties in favour of the diagonal; squared,
        # so that among equal matchings the order-preserving one wins (and wins in both
        # directions: old->new and new->old resolve ties alike).
        weights = {
            (i, j): s + 1e-6 * (1.0 - (i / na - j / nb) ** 2) for (i, j), s in scores.items()
        }
        # Mutual best matches with a clear margin are settled first: it keeps components small.
        best_new: dict[int, tuple[float, int]] = {}
        best_old: dict[int, tuple[float, int]] = {}
        second_new: dict[int, float] = defaultdict(float)
        second_old: dict[int, float] = defaultdict(float)
        for (i, j), w in sorted(weights.items()):
            for best, second, key, other in ((best_new, second_new, i, j), (best_old, second_old, j, i)):
                if key not in best or w > best[key][0]:
                    if key in best:
                        second[key] = max(second[key], best[key][0])
                    best[key] = (w, other)
                else:
                    second[key] = max(second[key], w)
        fixed = []
        for i, (w, j) in sorted(best_new.items()):
            if best_old.get(j, (0, -1))[1] == i and w - max(second_new[i], second_old[j]) > 0.15:
                fixed.append((i, j))
        taken_o = {i for i, _ in fixed}
        taken_n = {j for _, j in fixed}
        rest = {k: w for k, w in weights.items() if k[0] not in taken_o and k[1] not in taken_n}
        result = list(fixed)
        for olds, news in _components(sorted(rest)):
            if len(olds) * len(news) <= _HUNGARIAN_LIMIT * _HUNGARIAN_LIMIT and min(len(olds), len(news)) <= _HUNGARIAN_LIMIT:
                matrix = [[rest.get((i, j), 0.0) for j in news] for i in olds]
                result.extend((olds[r], news[c]) for r, c in hungarian(matrix))
            else:  # very large tangles: greedy by score, ties by order
                used_o: set[int] = set()
                used_n: set[int] = set()
                for (i, j), _ in sorted(((k, w) for k, w in rest.items() if k[0] in olds), key=lambda kw: (-kw[1], kw[0])):
                    if i not in used_o and j not in used_n:
                        used_o.add(i)
                        used_n.add(j)
                        result.append((i, j))
        return sorted(result)

    def _split_merge(self, matched: list[tuple[int, int]], free_o: list[int], free_n: list[int],
                     locked_o: set[int], locked_n: set[int]) -> list[tuple[int, int]]:
        """Extra edges joining leftover clauses to the clause they were split from or merged into.

        A leftover joins the clause that contains most of its weight (a point cut in
        two, a lead-in such as "Territory:"), or else its best-scoring partner when
        that partner clears the matching threshold with a margin.
        """
        extra: list[tuple[int, int]] = []
        partner_o = {i for i, _ in matched}
        partner_n = {j for _, j in matched}
        for j in free_n:  # a new clause carved out of an old one: split
            others = self._neighbours(j, True) if self._large() else range(len(self.a.clauses))
            i = self._best_home(j, others, locked_o, new_side=True)
            if i is not None and (i in partner_o or i in free_o):
                extra.append((i, j))
        for i in free_o:  # an old clause folded into a new one: merge
            others = self._neighbours(i, False) if self._large() else range(len(self.b.clauses))
            j = self._best_home(i, others, locked_n, new_side=False)
            if j is not None and (j in partner_n or j in free_n) and (i, j) not in extra:
                extra.append((i, j))
        return extra

    def _best_home(self, k: int, others: Iterable[int], locked: set[int], new_side: bool) -> int | None:
        best = None
        for o in others:
            if o in locked:
                continue
            i, j = (o, k) if new_side else (k, o)
            part = self.b.words[j] if new_side else self.a.words[i]
            whole = self.a.words[i] if new_side else self.b.words[j]
            c = containment(part, whole)
            sim = self.text_similarity(i, j)
            contained = c >= _SPLIT_CONTAINMENT and sim >= self.threshold * 0.8
            lead_in = c >= 0.99 and sim >= 0.15 and len(part) <= 4  # "Territory:" in "Territory: ..."
            strong = self.score(i, j) >= self.threshold + _ATTACH_MARGIN
            # With shared numbering, "point 20" answers "point 20" even if rewritten whole.
            same_number = (
                self.shared_numbering
                and self.a.clauses[i].id == self.b.clauses[j].id
                and self.a.clauses[i].primary in self.b.clauses[j].categories
            )
            if contained or lead_in or strong or same_number:
                key = (contained or lead_in or same_number, c + sim, -o)
                if best is None or key > best[0]:
                    best = (key, o)
        return best[1] if best else None

    def _fill_gaps(self, groups: list[tuple[list[int], list[int]]], free_o: list[int], free_n: list[int]) -> list[tuple[int, int]]:
        """In a revision, a clause rewritten in place sits between the same neighbours.

        Between two consecutive matched groups (in both plans' order), leftover old
        and new clauses on a shared topic are paired even when the rewrite left
        little text in common.
        """
        anchors = sorted((min(o), min(n)) for o, n in groups if o and n)
        keep = _longest_increasing(anchors)
        anchors = [(-1, -1)] + [a for k, a in enumerate(anchors) if k in keep] + [(len(self.a.clauses), len(self.b.clauses))]
        free_o_set, free_n_set = set(free_o), set(free_n)
        out: list[tuple[int, int]] = []
        for (o1, n1), (o2, n2) in zip(anchors, anchors[1:]):
            olds = [i for i in range(o1 + 1, o2) if i in free_o_set]
            news = [j for j in range(n1 + 1, n2) if j in free_n_set]
            if not olds or not news or max(len(olds), len(news)) > _GAP_MAX_SIZE:
                continue
            matrix = []
            for i in olds:
                row = []
                for j in news:
                    # Same primary topic: a rewrite in place still answers the same question.
                    same_topic = self.a.clauses[i].primary == self.b.clauses[j].primary
                    sim = self.text_similarity(i, j)
                    row.append(self.score(i, j) if same_topic and sim >= _GAP_MIN_SIMILARITY else 0.0)
                matrix.append(row)
            out.extend((olds[r], news[c]) for r, c in hungarian(matrix))
        return out

    def groups(self) -> list[tuple[list[int], list[int], str]]:
        """(old indices, new indices, basis) for every clause of both plans."""
        link_groups = self._link_groups()
        locked_o = {i for olds, _ in link_groups for i in olds}
        locked_n = {j for _, news in link_groups for j in news}
        olds = [i for i in range(len(self.a.clauses)) if i not in locked_o]
        news = [j for j in range(len(self.b.clauses)) if j not in locked_n]
        # A text found once in each plan, word for word, is its own match: settle those
        # first (most of a revision), and score only what is left.
        exact = self._unique_identical(olds, news) if self._large() else []
        exact_o, exact_n = {i for i, _ in exact}, {j for _, j in exact}
        rest_o = [i for i in olds if i not in exact_o]
        rest_n = [j for j in news if j not in exact_n]
        matched = sorted(exact + self._assign(self._candidates(rest_o, rest_n)))
        if self._related() and self._numbering_is_shared(matched):
            self.shared_numbering = True
            matched = sorted(exact + self._assign(self._candidates(rest_o, rest_n)))
        matched_o = {i for i, _ in matched}
        matched_n = {j for _, j in matched}
        free_o = [i for i in olds if i not in matched_o]
        free_n = [j for j in news if j not in matched_n]
        extra = self._split_merge(matched, free_o, free_n, locked_o, locked_n)
        if self._related():
            done = _components(matched + extra)
            used_o = {i for o, _ in done for i in o}
            used_n = {j for _, n in done for j in n}
            extra += self._fill_gaps(done + link_groups, [i for i in free_o if i not in used_o],
                                     [j for j in free_n if j not in used_n])
        out: list[tuple[list[int], list[int], str]] = [(o, n, "link") for o, n in link_groups]
        auto = _components(matched + extra)
        out += [(o, n, "auto") for o, n in auto]
        grouped_o = {i for o, _, _ in out for i in o}
        grouped_n = {j for _, n, _ in out for j in n}
        out += [([i], [], "") for i in range(len(self.a.clauses)) if i not in grouped_o]
        out += [([], [j], "") for j in range(len(self.b.clauses)) if j not in grouped_n]
        return out

    def _numbering_is_shared(self, matched: list[tuple[int, int]]) -> bool:
        """Most confident matches keep their clause number: the revision kept the numbering."""
        confident = [(i, j) for i, j in matched if self.text_similarity(i, j) >= 0.6]
        if len(confident) < 3:
            return False
        same = sum(self.a.clauses[i].id == self.b.clauses[j].id for i, j in confident)
        return same / len(confident) >= 0.6

    # -- classification

    def _related(self) -> bool:
        """Whether order and numbering are comparable (a version, or an answer, of the other)."""
        o, n = self.old, self.new
        if n.supersedes == o.id or o.supersedes == n.id or n.responds_to == o.id or o.responds_to == n.id:
            return True
        return any(o.id in c.links for c in n.clauses) or any(n.id in c.links for c in o.clauses)

    def run(self) -> DiffResult:
        groups = self.groups()
        moved: set[int] = set()
        matched_groups = [k for k, (o, n, _) in enumerate(groups) if o and n]
        if self._related():
            seq = sorted(((min(groups[k][0]), min(groups[k][1])), k) for k in matched_groups)
            keep = _longest_increasing([(pos[0], pos[1]) for pos, _ in seq])
            moved = {k for idx, (_, k) in enumerate(seq) if idx not in keep}
        pairs = []
        for k, (olds, news, basis) in enumerate(groups):
            pairs.append(self._classify(olds, news, basis, k in moved))
        order = self._order(groups)
        return DiffResult(self.old, self.new, [pairs[k] for k in order], self.lang)

    def _order(self, groups: list[tuple[list[int], list[int], str]]) -> list[int]:
        """New-plan order; a removed clause follows the pair of the old clause before it."""
        new_pos_of_old: dict[int, int] = {}
        for olds, news, _ in groups:
            if news:
                for i in olds:
                    new_pos_of_old[i] = min(news)
        keys = []
        for k, (olds, news, _) in enumerate(groups):
            if news:
                keys.append(((min(news), 0, min(olds) if olds else -1), k))
            else:
                i = min(olds)
                anchor = -1
                for prev in range(i - 1, -1, -1):
                    if prev in new_pos_of_old:
                        anchor = new_pos_of_old[prev]
                        break
                keys.append(((anchor, 1, i), k))
        return [k for _, k in sorted(keys)]

    def _classify(self, olds: list[int], news: list[int], basis: str, moved: bool) -> Pair:
        a = [self.a.clauses[i] for i in olds]
        b = [self.b.clauses[j] for j in news]
        old_texts = [clause_text(c, self.lang) for c in a]
        new_texts = [clause_text(c, self.lang) for c in b]
        fallback = any(f for _, f in old_texts + new_texts)
        old_text = " ".join(t for t, _ in old_texts)
        new_text = " ".join(t for t, _ in new_texts)
        cats: list[str] = []
        for c in b + a:
            for cat in c.categories:
                if cat not in cats:
                    cats.append(cat)
        flags: list[str] = []
        if not a:
            # Absent from a partial (reconstructed) old text is not evidence it was added.
            flags = ["partial-text"] if self.old.completeness == "partial" else []
            return Pair("added", [], [c.id for c in b], cats, None, None,
                        flags + (["fallback-text"] if fallback else []), [], [("insert", new_text)])
        if not b:
            flags = ["partial-text"] if self.new.completeness == "partial" else []
            return Pair("removed", [c.id for c in a], [], cats, None, None,
                        flags + (["fallback-text"] if fallback else []), [], [("delete", old_text)])
        ops = diff_ops(old_text, new_text)
        changes = substantive_changes(old_text, new_text, ops) if old_text != new_text else []
        if len(a) == 1 and len(b) == 1:
            sim = self.text_similarity(olds[0], news[0])
            if normalize(a[0].text) == normalize(b[0].text) and (
                self.lang == "en" or normalize(old_text) == normalize(new_text)
            ):
                status = "moved" if moved else "unchanged"
                changes = []
            else:
                status = "modified" if changes else "reworded"
                if moved:
                    flags.append("moved")
            if a[0].id != b[0].id:
                flags.append("renumbered")
        else:
            sim = self._group_similarity(olds, news)
            if len(b) != len(a):
                status = "split" if len(b) > len(a) else "merged"
            else:  # several rewritten together, as many as before: neither split nor merged
                status = "modified" if changes else "reworded"
            if moved:
                flags.append("moved")
        if {x for c in a for x in c.categories} != {x for c in b for x in c.categories}:
            flags.append("recategorised")
        if fallback:
            flags.append("fallback-text")
        return Pair(status, [c.id for c in a], [c.id for c in b], cats, round(min(sim, 1.0), 3),
                    basis, flags, changes, ops)

    def _group_similarity(self, olds: list[int], news: list[int]) -> float:
        def merge(vectors: list[dict[str, float]]) -> dict[str, float]:
            out: dict[str, float] = defaultdict(float)
            for v in vectors:
                for k, x in v.items():
                    out[k] += x
            norm = sum(x * x for x in out.values()) ** 0.5 or 1.0
            return {k: x / norm for k, x in out.items()}

        wa = merge([self.a.words[i] for i in olds])
        wb = merge([self.b.words[j] for j in news])
        ca = merge([self.a.chars[i] for i in olds])
        cb = merge([self.b.chars[j] for j in news])
        return _WORD_WEIGHT * cosine(wa, wb) + _CHAR_WEIGHT * cosine(ca, cb)


# --------------------------------------------------------------------------- public API


def diff_plans(old: Plan, new: Plan, *, use_links: bool = True,
               min_similarity: float = DEFAULT_MIN_SIMILARITY, lang: str = "en") -> DiffResult:
    """Align ``old`` and ``new`` and classify every clause.  Matching reads the English
    text; ``lang="ja"`` only chooses the text the redlines are drawn on."""
    return Aligner(old, new, use_links=use_links, min_similarity=min_similarity, lang=lang).run()


@dataclass
class Matrix:
    """Topic x plan: the clauses each plan has on each category."""

    plans: list[Plan]
    categories: list[str]
    cells: dict[str, dict[str, list[Clause]]]  # category -> plan id -> clauses


def compare(plans: list[Plan], taxonomy: Taxonomy) -> Matrix:
    """The category x plan matrix, plans in date order, categories in taxonomy order."""
    ordered = sorted(plans, key=lambda p: (p.date, p.id))
    cells = {
        cat: {p.id: [c for c in p.clauses if cat in c.categories] for p in ordered}
        for cat in taxonomy.ids()
    }
    return Matrix(ordered, taxonomy.ids(), cells)


@dataclass
class HistoryStep:
    old: Plan
    new: Plan
    pairs: list[Pair]


@dataclass
class History:
    category: str
    plans: list[Plan]
    steps: list[HistoryStep]


def history(category: str, plans: list[Plan], *, lang: str = "en", use_links: bool = True,
            cache: dict | None = None) -> History:
    """One topic through the plans in date order, with the change between consecutive versions."""
    ordered = sorted(plans, key=lambda p: (p.date, p.id))
    steps = []
    for older, newer in zip(ordered, ordered[1:]):
        key = (older.id, newer.id, lang, use_links)
        result = cache.get(key) if cache is not None else None
        if result is None:
            result = diff_plans(older, newer, lang=lang, use_links=use_links)
            if cache is not None:
                cache[key] = result
        steps.append(HistoryStep(older, newer, [p for p in result.pairs if category in p.categories]))
    return History(category, ordered, steps)
