"""Measure the automatic matcher against the explicit links of the plan files.

The links a plan file records are the correspondences its source states; the
automatic matcher (``use_links=False``) should find them on its own.  Two
baselines are measured the same way: positional matching (clause n to clause n,
by number) and plain ``difflib.SequenceMatcher.ratio`` (each new clause
to its most similar old clause, above 0.5).

Precision counts only predictions that touch a clause the links speak about:
a clause nobody linked is not evidence either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .align import diff_plans
from .model import Plan

Edge = tuple[str, str]


@dataclass
class Score:
    old: str
    new: str
    truth: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0


def link_edges(old: Plan, new: Plan) -> set[Edge]:
    """(old clause, new clause) correspondences stated in either file."""
    edges = {(o, c.id) for c in new.clauses for o in c.links.get(old.id, [])}
    edges |= {(c.id, n) for c in old.clauses for n in c.links.get(new.id, [])}
    return edges


def linked_pairs(plans: dict[str, Plan]) -> list[tuple[Plan, Plan]]:
    """Every (old, new) plan pair between which a link is recorded, old by date."""
    out = set()
    for plan in plans.values():
        for clause in plan.clauses:
            for target in clause.links:
                if target in plans:
                    a, b = sorted((plans[target], plan), key=lambda p: (p.date, p.id))
                    out.add((a.id, b.id))
    return [(plans[a], plans[b]) for a, b in sorted(out)]


def auto_edges(old: Plan, new: Plan) -> set[Edge]:
    result = diff_plans(old, new, use_links=False)
    return {(o, n) for p in result.pairs for o in p.old for n in p.new}


def positional_edges(old: Plan, new: Plan) -> set[Edge]:
    """Clause n <-> clause n: the same number in both plans."""
    new_ids = {c.id for c in new.clauses}
    return {(a.id, a.id) for a in old.clauses if a.id in new_ids}


def difflib_edges(old: Plan, new: Plan, cutoff: float = 0.5) -> set[Edge]:
    edges = set()
    for b in new.clauses:
        best = max(old.clauses, key=lambda a: SequenceMatcher(None, a.text, b.text).ratio())
        if SequenceMatcher(None, best.text, b.text).ratio() >= cutoff:
            edges.add((best.id, b.id))
    return edges


def score(old: Plan, new: Plan, predicted: set[Edge]) -> Score:
    truth = link_edges(old, new)
    olds = {o for o, _ in truth}
    news = {n for _, n in truth}
    relevant = {(o, n) for o, n in predicted if o in olds or n in news}
    return Score(old.id, new.id, len(truth), len(relevant), len(relevant & truth))


METHODS = {"clausediff": auto_edges, "positional": positional_edges, "difflib": difflib_edges}


def evaluate(plans: dict[str, Plan]) -> dict[str, list[Score]]:
    """Scores of every method on every linked plan pair."""
    pairs = linked_pairs(plans)
    return {name: [score(a, b, method(a, b)) for a, b in pairs] for name, method in METHODS.items()}


def micro(scores: list[Score]) -> tuple[float, float]:
    truth = sum(s.truth for s in scores)
    predicted = sum(s.predicted for s in scores)
    correct = sum(s.correct for s in scores)
    return (correct / predicted if predicted else 1.0, correct / truth if truth else 1.0)


def table(results: dict[str, list[Score]]) -> str:
    """A Markdown table: per plan pair, precision/recall of each method."""
    names = list(results)
    head = "| old → new | links | " + " | ".join(f"{n} P / R" for n in names) + " |"
    rows = [head, "|---|---:|" + "---:|" * len(names)]
    for k, s in enumerate(results[names[0]]):
        cells = [f"{results[n][k].precision:.2f} / {results[n][k].recall:.2f}" for n in names]
        rows.append(f"| {s.old} → {s.new} | {s.truth} | " + " | ".join(cells) + " |")
    totals = [micro(results[n]) for n in names]
    rows.append("| **all** | " + str(sum(s.truth for s in results[names[0]])) + " | "
                + " | ".join(f"**{p:.2f} / {r:.2f}**" for p, r in totals) + " |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m clausediff.evaluate [PLANS_DIR]
    import sys

    from .load import load_plans

    print(table(evaluate(load_plans(sys.argv[1] if len(sys.argv) > 1 else None))))
