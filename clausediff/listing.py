"""Plain-text listings of the plans and the taxonomy (``plans``, ``show``, ``categories``)."""

from __future__ import annotations

from .i18n import format_date, t
from .load import Library
from .model import Plan
from .tables import table


def render_plans(library: Library, lang: str = "en") -> str:
    rows = []
    for plan in library.ordered():
        lineage = []
        if plan.supersedes:
            lineage.append(t("plans.supersedes", lang, id=plan.supersedes))
        if plan.responds_to:
            lineage.append(t("plans.responds_to", lang, id=plan.responds_to))
        rows.append(
            [
                plan.id,
                plan.date.isoformat(),
                ", ".join(plan.parties),
                t(f"kind.{plan.kind}", lang),
                len(plan.clauses),
                t(f"completeness.{plan.completeness}", lang),
                "; ".join(lineage),
            ]
        )
    headers = [t(f"plans.col.{c}", lang) for c in ("id", "date", "parties", "kind", "clauses", "completeness", "lineage")]
    return table(rows, headers)


def render_show(library: Library, plan: Plan, categories: list[str], lang: str = "en") -> str:
    taxonomy = library.taxonomy
    for category in categories:
        if category not in taxonomy.ids():
            from .errors import UsageError
            from .load import _suggest

            raise UsageError(f'unknown category "{category}"' + _suggest(category, taxonomy.ids()))
    lines = [f"{plan.title_in(lang)} ({plan.id}, {format_date(plan.date, lang)})"]
    if plan.completeness == "partial":
        lines.append(t("caveat.partial", lang))
    for category in taxonomy.categories:
        if categories and category.id not in categories:
            continue
        clauses = [c for c in plan.clauses if c.primary == category.id]
        if not clauses:
            continue
        lines.append("")
        lines.append(f"## {category.label(lang)} [{category.id}]")
        for clause in clauses:
            extra = [c for c in clause.categories[1:]]
            status = "" if clause.status == "text" else f" [{t('clause_status.' + clause.status, lang)}]"
            also = f" ({t('show.also', lang)}: {', '.join(extra)})" if extra else ""
            lines.append(f"{clause.id}. {clause.text_in(lang)[0]}{status}{also}")
    return "\n".join(lines)


def render_categories(library: Library, lang: str = "en") -> str:
    plans = library.ordered()
    rows = []
    for category in library.taxonomy.categories:
        counts = [sum(1 for c in plan.clauses if category.id in c.categories) for plan in plans]
        rows.append([category.id, category.label(lang), *counts])
    headers = [t("categories.col.id", lang), t("categories.col.label", lang), *[p.id for p in plans]]
    return table(rows, headers)
