"""Regenerate ``reports/``: the lineage diffs, cross-party comparisons, the matrix and
one history per category, in HTML and Markdown, in English and Japanese.

Everything is rendered in memory first; ``--check`` compares with what is on
disk, and a real build writes each file atomically, so an interrupted build
leaves every file either old or new, never truncated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .align import compare, diff_plans, history
from .i18n import LANGS, t
from .load import Library
from .errors import UsageError, display_path
from .output import atomic_write, remove_stale_temps

# The comparisons a reader asks for first (the list); pairs whose plans
# are missing from the library are skipped, so a user's own plans dir still builds.
LINEAGE_STEPS = (
    ("us-28-point", "e3-counterproposal"),
    ("us-28-point", "us-ua-19-point"),
    ("us-ua-19-point", "ua-us-20-point"),
)
CROSS_PARTY = (
    ("ru-memorandum", "us-28-point"),
    ("ru-memorandum", "ua-us-20-point"),
    ("ru-memorandum", "ua-memorandum"),
)


@dataclass(frozen=True)
class Planned:
    path: str  # relative to the reports directory, POSIX separators
    content: str


def _lineage_pairs(library: Library) -> list[tuple[str, str]]:
    """The issue's steps, plus every supersedes/responds_to link among the plans."""
    pairs = [p for p in LINEAGE_STEPS if p[0] in library.plans and p[1] in library.plans]
    for plan in library.ordered():
        for parent in (plan.supersedes, plan.responds_to):
            if parent and parent in library.plans:
                older, newer = sorted((library.plans[parent], plan), key=lambda p: (p.date, p.id))
                if (older.id, newer.id) not in pairs:
                    pairs.append((older.id, newer.id))
    cross = {frozenset(p) for p in _cross_pairs(library)}
    return [p for p in pairs if frozenset(p) not in cross]


def _cross_pairs(library: Library) -> list[tuple[str, str]]:
    return [p for p in CROSS_PARTY if p[0] in library.plans and p[1] in library.plans]


def plan_reports(library: Library, langs: tuple[str, ...] = LANGS) -> list[Planned]:
    """Every report file, rendered in memory."""
    from .report import html, markdown

    taxonomy = library.taxonomy
    plans = library.ordered()
    out: list[Planned] = []
    for lang in langs:
        prefix = "" if lang == "en" else f"{lang}/"
        cache: dict = {}
        groups = []
        for title_key, pairs in (("report.lineage_steps", _lineage_pairs(library)), ("report.cross_party", _cross_pairs(library))):
            items = []
            for old_id, new_id in pairs:
                result = diff_plans(library.plans[old_id], library.plans[new_id], lang=lang)
                cache[(old_id, new_id, lang, True)] = result
                stem = f"diff/{old_id}--{new_id}"
                out.append(Planned(f"{prefix}{stem}.html", html.render_diff(result, taxonomy=taxonomy, lang=lang, index_href="../index.html")))
                out.append(Planned(f"{prefix}{stem}.md", markdown.render_diff(result, taxonomy=taxonomy, lang=lang)))
                counts = result.summary()["by_status"]
                note = t("list.sep", lang).join(f"{n} {t('status.' + s, lang)}" for s, n in counts.items())
                items.append({"label": f"{library.plans[old_id].label} → {library.plans[new_id].label}",
                              "html": f"{stem}.html", "md": f"{stem}.md", "note": note})
            if items:
                groups.append({"title": t(title_key, lang), "items": items})
        matrix = compare(plans, taxonomy)
        out.append(Planned(f"{prefix}matrix.html", html.render_matrix(matrix, taxonomy=taxonomy, lang=lang, index_href="index.html")))
        out.append(Planned(f"{prefix}matrix.md", markdown.render_matrix(matrix, taxonomy=taxonomy, lang=lang)))
        groups.insert(0, {"title": t("report.overview", lang),
                          "items": [{"label": t("report.matrix_title", lang), "html": "matrix.html", "md": "matrix.md", "note": ""}]})
        topic_items = []
        for category in taxonomy.categories:
            hist = history(category.id, plans, lang=lang, cache=cache)
            stem = f"history/{category.id}"
            out.append(Planned(f"{prefix}{stem}.html", html.render_history(hist, taxonomy=taxonomy, lang=lang, index_href="../index.html")))
            out.append(Planned(f"{prefix}{stem}.md", markdown.render_history(hist, taxonomy=taxonomy, lang=lang)))
            topic_items.append({"label": category.label(lang), "html": f"{stem}.html", "md": f"{stem}.md", "note": ""})
        groups.append({"title": t("report.topics", lang), "items": topic_items})
        other = "ja" if lang == "en" else "en"
        other_link = None
        if other in langs:
            base = "ja/" if lang == "en" else "../"
            other_link = {"lang": other, "label": t("report.other_lang", lang),
                          "href": f"{base}index.html", "md": f"{base}README.md"}
        title = t("report.index_title", lang)
        out.append(Planned(f"{prefix}index.html", html.render_index(title, groups, lang=lang, other_lang=other_link)))
        out.append(Planned(f"{prefix}README.md", markdown.render_index(title, groups, lang=lang, other_lang=other_link)))
    return sorted(out, key=lambda p: p.path)


def _existing(directory: Path) -> set[str]:
    if not directory.is_dir():
        return set()
    return {
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix in (".html", ".md")
    }


def check(directory: Path, planned: list[Planned]) -> list[str]:
    """Files that differ from what the plans produce: stale, missing or left over."""
    problems = []
    wanted = {p.path for p in planned}
    for item in planned:
        path = directory / item.path
        if not path.exists():
            problems.append(f"{item.path}: missing")
        elif path.read_bytes() != item.content.encode("utf-8"):
            problems.append(f"{item.path}: stale")
    for extra in sorted(_existing(directory) - wanted):
        problems.append(f"{extra}: not produced by the plans (left over)")
    return problems


def _is_report(path: Path) -> bool:
    """Whether ``path`` is a report clausediff wrote: only those are removed as left-overs,
    so a reports directory that also holds other documents never loses them."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if path.suffix == ".html":
        return '<meta name="generator" content="clausediff">' in text
    return any(t("report.footer", lang) in text for lang in LANGS)


def write(directory: Path, planned: list[Planned]) -> list[str]:
    """Write what changed (atomically, file by file) and remove left-over reports.

    Temporary files left by a build that was killed are removed first.  A file that
    cannot be written stops the build with a UsageError naming it; every file is then
    either as it was or completely new.
    """
    written = []
    by_dir: dict[Path, set[str]] = {}
    for item in planned:
        path = directory / item.path
        by_dir.setdefault(path.parent, set()).add(path.name)
    for folder, names in sorted(by_dir.items()):
        remove_stale_temps(folder, names)
    for item in planned:
        path = directory / item.path
        data = item.content.encode("utf-8")
        try:
            if path.is_file() and path.read_bytes() == data:
                continue
            atomic_write(path, data)
        except OSError as exc:
            raise UsageError(f"{display_path(path)}: cannot write: {exc.strerror or exc}") from None
        written.append(item.path)
    for extra in sorted(_existing(directory) - {p.path for p in planned}):
        if not _is_report(directory / extra):
            continue  # not ours: `build --check` lists it, but we never delete it
        try:
            (directory / extra).unlink()
        except OSError as exc:
            raise UsageError(f"{display_path(directory / extra)}: cannot remove: {exc.strerror or exc}") from None
        written.append(f"{extra} (removed)")
    return written
