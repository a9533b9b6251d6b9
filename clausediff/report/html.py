"""HTML reports: one self-contained file each (inline CSS and JS, no network requests)."""

from __future__ import annotations

from ..align import DiffResult, History, Matrix
from ..model import Taxonomy
from .data import build_diff_report, build_history_report, build_matrix_report
from .env import render

SUFFIX = ".html"


def render_diff(result: DiffResult, *, taxonomy: Taxonomy, lang: str = "en", index_href: str | None = None, **_: object) -> str:
    return render("diff.html", lang, r=build_diff_report(result, taxonomy, lang), index_href=index_href)


def render_matrix(matrix: Matrix, *, taxonomy: Taxonomy, lang: str = "en", index_href: str | None = None) -> str:
    return render("matrix.html", lang, r=build_matrix_report(matrix, taxonomy, lang), index_href=index_href)


def render_history(hist: History, *, taxonomy: Taxonomy, lang: str = "en", index_href: str | None = None) -> str:
    return render("history.html", lang, r=build_history_report(hist, taxonomy, lang), index_href=index_href)


def render_index(title: str, groups: list[dict], *, lang: str = "en", other_lang: dict | None = None) -> str:
    return render("index.html", lang, title=title, groups=groups, other_lang=other_lang)
