"""Markdown reports (GitHub-flavoured): tables via tabulate, redlines as ~~deleted~~ **inserted**."""

from __future__ import annotations

from ..align import DiffResult, History, Matrix
from ..model import Taxonomy
from .data import build_diff_report, build_history_report, build_matrix_report
from .env import render

SUFFIX = ".md"


def render_diff(result: DiffResult, *, taxonomy: Taxonomy, lang: str = "en", **_: object) -> str:
    return render("diff.md", lang, r=build_diff_report(result, taxonomy, lang))


def render_matrix(matrix: Matrix, *, taxonomy: Taxonomy, lang: str = "en", **_: object) -> str:
    return render("matrix.md", lang, r=build_matrix_report(matrix, taxonomy, lang))


def render_history(hist: History, *, taxonomy: Taxonomy, lang: str = "en", **_: object) -> str:
    return render("history.md", lang, r=build_history_report(hist, taxonomy, lang))


def render_index(title: str, groups: list[dict], *, lang: str = "en", other_lang: dict | None = None) -> str:
    return render("index.md", lang, title=title, groups=groups, other_lang=other_lang)
