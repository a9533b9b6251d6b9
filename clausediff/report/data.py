"""Report data: plain dataclasses built from the alignment, ready for any template.

Everything a template shows is decided here (labels in the chosen language,
anchors, counts, chart geometry); the templates only lay it out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..align import STATUSES, DiffResult, History, Matrix, Pair, clause_text
from ..i18n import format_date, t
from ..model import Clause, Plan, Taxonomy

Op = tuple[str, str]


def anchor(plan_id: str, clause_id: str) -> str:
    """A stable HTML id for a clause: ``us-28-point-6``."""
    return f"{plan_id}-{re.sub(r'[^A-Za-z0-9._-]', '_', clause_id)}"


@dataclass
class SourceView:
    title: str
    publisher: str
    url: str
    date: str


@dataclass
class PlanView:
    id: str
    title: str
    short: str
    parties: str
    date: str
    kind: str
    completeness: str
    partial: bool
    lineage: str
    summary: str | None
    sources: list[SourceView]
    caveats: list[str]


@dataclass
class ClauseView:
    id: str
    anchor: str
    text: str
    status: str  # text | reported | bracketed
    status_label: str
    note: str | None
    fallback: bool
    section: str | None = None


@dataclass
class PairView:
    status: str
    status_label: str
    flags: list[str]
    flag_labels: list[str]
    categories: list[str]
    category_labels: list[str]
    old: list[ClauseView]
    new: list[ClauseView]
    ops: list[Op]
    changes: list[str]
    similarity: str
    basis: str
    basis_label: str
    heading: str
    anchor: str


@dataclass
class CategoryBlock:
    id: str
    label: str
    pairs: list[PairView]


@dataclass
class Bar:
    """One row of the inline SVG chart: a category's changes, stacked by status."""

    label: str
    y: int
    total: int
    segments: list[tuple[str, str, int, int, int]]  # status, label, x, width, count


@dataclass
class DiffReport:
    lang: str
    title: str
    old: PlanView
    new: PlanView
    caveats: list[str]
    statuses: list[tuple[str, str]]  # (status, label) present
    categories: list[tuple[str, str]]  # (id, label) present
    summary_header: list[str]
    summary_rows: list[list[str]]
    bars: list[Bar]
    chart_height: int
    blocks: list[CategoryBlock]
    totals: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- builders


def plan_view(plan: Plan, lang: str) -> PlanView:
    caveats = []
    if plan.completeness == "partial":
        caveats.append(t("caveat.partial_plan", lang, title=plan.title_in(lang)))
    reported = [c for c in plan.clauses if c.status != "text"]
    if reported:
        caveats.append(t("caveat.reported", lang, title=plan.title_in(lang), count=len(reported)))
    lineage = []
    if plan.supersedes:
        lineage.append(t("plans.supersedes", lang, id=plan.supersedes))
    if plan.responds_to:
        lineage.append(t("plans.responds_to", lang, id=plan.responds_to))
    return PlanView(
        id=plan.id,
        title=plan.title_in(lang),
        short=plan.short_title or plan.id,
        parties=t("list.sep", lang).join(plan.parties),
        date=format_date(plan.date, lang),
        kind=t(f"kind.{plan.kind}", lang),
        completeness=t(f"completeness.{plan.completeness}", lang),
        partial=plan.completeness == "partial",
        lineage="; ".join(lineage),
        summary=(plan.summary_ja or plan.summary) if lang == "ja" else plan.summary,
        sources=[
            SourceView(s.title, s.publisher, s.url, format_date(s.date, lang) if s.date else "")
            for s in plan.sources
            if s.url.startswith(("http://", "https://"))  # belt and braces: validation refuses others
        ],
        caveats=caveats,
    )


def plan_table_rows(plans: list[PlanView], lang: str) -> dict[str, list]:
    """The plans' particulars as a table (one column per plan), for the Markdown header."""
    fields = ("title", "id", "parties", "date", "kind", "completeness", "lineage")
    rows = [[t(f"report.{f}", lang)] + [getattr(p, f) or "—" for p in plans] for f in fields]
    return {"header": [""] + [p.short for p in plans], "rows": rows}


def clause_view(plan: Plan, clause: Clause, lang: str, suffix: str = "") -> ClauseView:
    text, fallback = clause_text(clause, lang)
    return ClauseView(
        id=clause.id,
        anchor=anchor(plan.id, clause.id) + suffix,
        text=text,
        status=clause.status,
        status_label=t(f"clause_status.{clause.status}", lang),
        note=clause.note,
        fallback=fallback,
        section=plan.section_title(clause.section),
    )


def format_change(change: dict, lang: str) -> str:
    kind = t(f"change.{change['kind']}", lang)
    old, new = change.get("old"), change.get("new")
    if old and new:
        return f"{kind}: {old} → {new}"
    if old:
        return f"{kind}: −{old}"
    return f"{kind}: +{new}"


def pair_view(pair: Pair, old: Plan, new: Plan, taxonomy: Taxonomy, lang: str) -> PairView:
    suffix = "-new" if old.id == new.id else ""
    olds = [clause_view(old, old.clause(i), lang) for i in pair.old]
    news = [clause_view(new, new.clause(i), lang, suffix) for i in pair.new]
    label_of = {c.id: c.label(lang) for c in taxonomy.categories}
    heading = f"{', '.join(pair.old) or '—'} → {', '.join(pair.new) or '—'}"
    first = (news or olds)[0]
    return PairView(
        status=pair.status,
        status_label=t(f"status.{pair.status}", lang),
        flags=list(pair.flags),
        flag_labels=[t(f"flag.{f}", lang) for f in pair.flags],
        categories=list(pair.categories),
        category_labels=[label_of.get(c, c) for c in pair.categories],
        old=olds,
        new=news,
        ops=list(pair.ops),
        changes=[format_change(c, lang) for c in pair.changes],
        similarity=f"{pair.similarity:.2f}" if pair.similarity is not None else "",
        basis=pair.basis or "",
        basis_label=t(f"basis.{pair.basis}", lang) if pair.basis else "",
        heading=heading,
        anchor="pair-" + first.anchor,
    )


def _present_categories(pairs: list[Pair], taxonomy: Taxonomy) -> list[str]:
    used = {p.primary for p in pairs}
    return [c for c in taxonomy.ids() if c in used] + sorted(used - set(taxonomy.ids()))


def build_diff_report(result: DiffResult, taxonomy: Taxonomy, lang: str = "en") -> DiffReport:
    old, new = result.old, result.new
    blocks = []
    by_cat: dict[str, list[Pair]] = defaultdict(list)
    for pair in result.pairs:
        by_cat[pair.primary].append(pair)
    cats = _present_categories(result.pairs, taxonomy)
    for cat in cats:
        label = taxonomy.get(cat).label(lang) if cat in taxonomy.ids() else cat
        blocks.append(CategoryBlock(cat, label, [pair_view(p, old, new, taxonomy, lang) for p in by_cat[cat]]))
    summary = result.summary()
    statuses = [s for s in STATUSES if s in summary["by_status"]]
    header = [t("report.category", lang)] + [t(f"status.{s}", lang) for s in statuses] + [t("report.total", lang)]
    rows = []
    for cat in cats:
        counts = summary["by_category"].get(cat, {})
        label = taxonomy.get(cat).label(lang) if cat in taxonomy.ids() else cat
        rows.append([label] + [str(counts.get(s, 0)) for s in statuses] + [str(sum(counts.values()))])
    rows.append(
        [t("report.total", lang)]
        + [str(summary["by_status"].get(s, 0)) for s in statuses]
        + [str(sum(summary["by_status"].values()))]
    )
    old_view, new_view = plan_view(old, lang), plan_view(new, lang)
    bars, height = _chart(cats, summary, taxonomy, lang)
    return DiffReport(
        lang=lang,
        title=t("report.diff_title", lang, old=old_view.title, new=new_view.title),
        old=old_view,
        new=new_view,
        caveats=old_view.caveats + new_view.caveats,
        statuses=[(s, t(f"status.{s}", lang)) for s in statuses],
        categories=[(c, taxonomy.get(c).label(lang) if c in taxonomy.ids() else c) for c in cats],
        summary_header=header,
        summary_rows=rows,
        bars=bars,
        chart_height=height,
        blocks=blocks,
        totals=dict(summary["by_status"]),
    )


CHART_STATUSES = ("modified", "reworded", "moved", "split", "merged", "added", "removed")
_BAR_X, _BAR_W, _ROW_H = 190, 360, 22


def _chart(cats: list[str], summary: dict, taxonomy: Taxonomy, lang: str) -> tuple[list[Bar], int]:
    """Stacked bars of changes (everything but 'unchanged') per category."""
    rows = []
    for cat in cats:
        counts = summary["by_category"].get(cat, {})
        rows.append((cat, [(s, counts.get(s, 0)) for s in CHART_STATUSES]))
    peak = max((sum(n for _, n in r) for _, r in rows), default=0) or 1
    bars = []
    for k, (cat, counts) in enumerate(rows):
        x = _BAR_X
        segs = []
        for status, n in counts:
            if n:
                w = max(2, round(_BAR_W * n / peak))
                segs.append((status, t(f"status.{status}", lang), x, w, n))
                x += w
        label = taxonomy.get(cat).label(lang) if cat in taxonomy.ids() else cat
        bars.append(Bar(label, 8 + k * _ROW_H, sum(n for _, n in counts), segs))
    return bars, 16 + len(rows) * _ROW_H


# --------------------------------------------------------------------------- matrix and history


@dataclass
class MatrixCell:
    plan: str
    clauses: list[ClauseView]


@dataclass
class MatrixRow:
    id: str
    label: str
    cells: list[MatrixCell]


@dataclass
class MatrixReport:
    lang: str
    title: str
    plans: list[PlanView]
    rows: list[MatrixRow]
    caveats: list[str]
    table_header: list[str]
    table_rows: list[list[str]]


def build_matrix_report(matrix: Matrix, taxonomy: Taxonomy, lang: str = "en") -> MatrixReport:
    plans = [plan_view(p, lang) for p in matrix.plans]
    rows = []
    for cat in matrix.categories:
        cells = [
            MatrixCell(p.id, [clause_view(p, c, lang) for c in matrix.cells[cat][p.id]]) for p in matrix.plans
        ]
        rows.append(MatrixRow(cat, taxonomy.get(cat).label(lang), cells))
    caveats = [c for p in plans for c in p.caveats]
    header = [t("report.category", lang)] + [p.short for p in plans]
    table = [[row.label] + [", ".join(c.id for c in cell.clauses) or "—" for cell in row.cells] for row in rows]
    return MatrixReport(lang, t("report.matrix_title", lang), plans, rows, caveats, header, table)


@dataclass
class HistoryStepView:
    old: PlanView
    new: PlanView
    pairs: list[PairView]


@dataclass
class HistoryReport:
    lang: str
    title: str
    category: str
    label: str
    scope: str
    plans: list[PlanView]
    steps: list[HistoryStepView]
    caveats: list[str]


def build_history_report(hist: History, taxonomy: Taxonomy, lang: str = "en") -> HistoryReport:
    category = taxonomy.get(hist.category)
    plans = [plan_view(p, lang) for p in hist.plans]
    views = {p.id: v for p, v in zip(hist.plans, plans)}
    steps = [
        HistoryStepView(views[s.old.id], views[s.new.id], [pair_view(p, s.old, s.new, taxonomy, lang) for p in s.pairs])
        for s in hist.steps
    ]
    caveats = [c for p in plans for c in p.caveats]
    return HistoryReport(
        lang,
        t("report.history_title", lang, category=category.label(lang)),
        hist.category,
        category.label(lang),
        category.scope,
        plans,
        steps,
        caveats,
    )
