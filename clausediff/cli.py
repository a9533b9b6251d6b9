"""The `clausediff` command: a thin layer over the library.

Heavy modules (pydantic, jinja2, the aligner) are imported inside the
commands so that ``clausediff --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Callable, Optional, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., object])

app = typer.Typer(
    name="clausediff",
    help="Compare peace proposals clause by clause: align clauses by topic and text, "
    "classify every change, render redlined reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PlansDir = Annotated[
    Optional[Path],
    typer.Option(
        "--plans-dir",
        help="Directory of plan files [default: $CLAUSEDIFF_PLANS, else ./plans, else the packaged plans].",
        show_default=False,
    ),
]
Lang = Annotated[
    Optional[str],
    typer.Option("--lang", help="Language of the output: en or ja [default: $CLAUSEDIFF_LANG, else en].", show_default=False),
]


def _lang(value: str | None) -> str:
    from .i18n import resolve_lang

    return resolve_lang(value)


def _fail(lines: list[str], code: int = 2) -> None:
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(code)


def _guard(func: F) -> F:
    """Turn the library's input errors into one line each on stderr and exit status 2."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .errors import ClausediffError

        try:
            return func(*args, **kwargs)
        except ClausediffError as exc:
            _fail(exc.lines())
        except KeyboardInterrupt:
            _fail(["interrupted"], 130)
        except BrokenPipeError:  # `clausediff diff ... | head`
            sys.stderr.close()
            raise typer.Exit(0)
        except OSError as exc:  # a directory that cannot be listed, a disk that is full...
            from .errors import display_path, one_line

            where = f"{display_path(exc.filename)}: " if exc.filename else ""
            _fail([one_line(f"{where}{exc.strerror or exc}")])

    return wrapper  # type: ignore[return-value]


def _library(plans_dir: Path | None, extra: list[str] | tuple[str, ...] = (), only: bool = False):
    """The plans library; with ``only``, just the plans named in ``extra`` (ids or files)."""
    from .load import load_library

    paths = [ref for ref in extra if ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref]
    if only and extra:
        ids = [ref for ref in extra if ref not in paths]
        return load_library(plans_dir, extra_files=paths, only_ids=ids)
    return load_library(plans_dir, extra_files=paths)


def _check_output(output: Path | None, plans_dir: Path | None) -> None:
    """Refuse a bad ``-o`` before the work, not after it."""
    if output is not None:
        from .output import check_output_path

        check_output_path(output, plans_dir)


def _emit(text: str, output: Path | None, plans_dir: Path | None = None) -> None:
    from .output import write_output

    write_output(text, output, plans_dir)


# --------------------------------------------------------------------------- plans, show, categories


@app.command("plans")
@_guard
def plans_command(plans_dir: PlansDir = None, lang: Lang = None) -> None:
    """List the plans: id, date, parties, kind, clauses, completeness, lineage.

    Example: clausediff plans --plans-dir plans/
    """
    from .listing import render_plans

    lang = _lang(lang)
    typer.echo(render_plans(_library(plans_dir), lang))


@app.command("show")
@_guard
def show_command(
    plan: Annotated[str, typer.Argument(help="Plan id (e.g. us-28-point) or path to a .yaml file.")],
    category: Annotated[Optional[list[str]], typer.Option("--category", "-c", help="Only this category (repeatable).")] = None,
    plans_dir: PlansDir = None,
    lang: Lang = None,
) -> None:
    """Show a plan's clauses grouped by category.

    Example: clausediff show us-28-point --category territory
    """
    from .listing import render_show

    library = _library(plans_dir, [plan])
    typer.echo(render_show(library, library.get(plan), category or [], _lang(lang)))


@app.command("categories")
@_guard
def categories_command(plans_dir: PlansDir = None, lang: Lang = None) -> None:
    """List the taxonomy with the number of clauses each plan files under each category.

    Example: clausediff categories --lang ja
    """
    from .listing import render_categories

    typer.echo(render_categories(_library(plans_dir), _lang(lang)))


@app.command("validate")
@_guard
def validate_command(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Plan files to check [default: every plan in the plans directory].")] = None,
    plans_dir: PlansDir = None,
    lang: Lang = None,
) -> None:
    """Validate plan files; exit 0 when clean, 2 with one line per problem.

    Example: clausediff validate plans/us-28-point.yaml
    """
    from .i18n import t
    from .load import load_library

    lang = _lang(lang)
    library = load_library(plans_dir, extra_files=paths or [], only_extra=bool(paths))
    count = len(paths) if paths else len(library.plans)
    typer.echo(t("cli.validate_ok", lang, count=count), err=True)


@app.command("schema")
@_guard
def schema_command(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of a plan file (generated from the data model).

    Example: clausediff schema -o plan.schema.json
    """
    from .schema import plan_schema_json

    _emit(plan_schema_json(), output)


# --------------------------------------------------------------------------- diff

Fmt = Annotated[str, typer.Option("--format", "-f", help="Output format: html, md, json or text.")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout.")]


@app.command("diff")
@_guard
def diff_command(
    old: Annotated[str, typer.Argument(help="The earlier plan: id or path to a .yaml file.")],
    new: Annotated[str, typer.Argument(help="The later plan: id or path to a .yaml file.")],
    fmt: Fmt = "text",
    output: Output = None,
    category: Annotated[Optional[list[str]], typer.Option("--category", "-c", help="Only pairs touching this category (repeatable).")] = None,
    status: Annotated[Optional[list[str]], typer.Option("--status", "-s", help="Only pairs with this status or flag (repeatable).")] = None,
    no_links: Annotated[bool, typer.Option("--no-links", help="Ignore explicit links: test the automatic matcher.")] = False,
    min_similarity: Annotated[Optional[float], typer.Option("--min-similarity", help="Lowest score for an automatic match: text similarity (0-1) plus category, tag and numbering bonuses [default: 0.30].", min=0.0, max=2.0)] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when the plans differ, 0 when they are the same (like diff).")] = False,
    plans_dir: PlansDir = None,
    lang: Lang = None,
) -> None:
    """Compare two plans clause by clause.

    Example: clausediff diff us-28-point us-ua-19-point --format md -o diff.md
    """
    from .align import DEFAULT_MIN_SIMILARITY, STATUSES, FLAGS, diff_plans
    from .errors import UsageError
    from .report import renderer

    lang = _lang(lang)
    render = renderer(fmt)
    library = _library(plans_dir, [old, new], only=True)
    for s in status or []:
        if s not in STATUSES and s not in FLAGS:
            raise UsageError(f'unknown status "{s}": use one of {", ".join(STATUSES + FLAGS)}')
    for c in category or []:
        if c not in library.taxonomy.ids():
            from .load import _suggest

            raise UsageError(f'unknown category "{c}"' + _suggest(c, library.taxonomy.ids()))
    _check_output(output, plans_dir)
    result = diff_plans(
        library.get(old),
        library.get(new),
        use_links=not no_links,
        min_similarity=DEFAULT_MIN_SIMILARITY if min_similarity is None else min_similarity,
        lang=lang,
    )
    shown = result.filtered(category or [], status or [])
    _emit(render.render_diff(shown, lang=lang, taxonomy=library.taxonomy, full=result), output, plans_dir)
    if exit_code and result.changed():
        raise typer.Exit(1)


# --------------------------------------------------------------------------- matrix, history, build

ReportFmt = Annotated[str, typer.Option("--format", "-f", help="Output format: html or md.")]


def _report_renderer(fmt: str):
    from .errors import UsageError
    from .report import renderer

    if fmt not in ("html", "md"):
        raise UsageError(f'unknown format "{fmt}": use html or md')
    return renderer(fmt)


def _plans_or_all(library, refs: list[str] | None):
    plans = [library.get(ref) for ref in refs] if refs else library.ordered()
    return sorted(plans, key=lambda p: (p.date, p.id))


@app.command("matrix")
@_guard
def matrix_command(
    plans: Annotated[Optional[list[str]], typer.Argument(help="Plans to compare [default: all, in date order].")] = None,
    fmt: ReportFmt = "md",
    output: Output = None,
    plans_dir: PlansDir = None,
    lang: Lang = None,
) -> None:
    """Topic x plan: what each plan says on each topic.

    Example: clausediff matrix ru-memorandum us-28-point ua-us-20-point --format html -o matrix.html
    """
    from .align import compare

    lang = _lang(lang)
    render = _report_renderer(fmt)
    library = _library(plans_dir, plans or [])
    _check_output(output, plans_dir)
    matrix = compare(_plans_or_all(library, plans), library.taxonomy)
    _emit(render.render_matrix(matrix, taxonomy=library.taxonomy, lang=lang), output, plans_dir)


@app.command("history")
@_guard
def history_command(
    category: Annotated[str, typer.Argument(help="A category id from the taxonomy (clausediff categories).")],
    plans: Annotated[Optional[list[str]], typer.Argument(help="Plans to follow [default: all, in date order].")] = None,
    fmt: ReportFmt = "md",
    output: Output = None,
    plans_dir: PlansDir = None,
    lang: Lang = None,
) -> None:
    """One topic through the versions in date order, with the redline between consecutive versions.

    Example: clausediff history armed-forces us-28-point e3-counterproposal ua-us-20-point
    """
    from .align import history
    from .errors import UsageError
    from .load import _suggest

    lang = _lang(lang)
    render = _report_renderer(fmt)
    library = _library(plans_dir, plans or [])
    if category not in library.taxonomy.ids():
        raise UsageError(f'unknown category "{category}"' + _suggest(category, library.taxonomy.ids()))
    _check_output(output, plans_dir)
    hist = history(category, _plans_or_all(library, plans), lang=lang)
    _emit(render.render_history(hist, taxonomy=library.taxonomy, lang=lang), output, plans_dir)


@app.command("build")
@_guard
def build_command(
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 naming the stale files if reports/ is out of date.")] = False,
    reports: Annotated[Path, typer.Option("--reports-dir", help="Where the reports live.")] = Path("reports"),
    plans_dir: PlansDir = None,
    lang: Lang = None,
) -> None:
    """Regenerate every report in reports/ (English, and Japanese under reports/ja/).

    Example: clausediff build --check
    """
    from . import build
    from .i18n import t

    lang = _lang(lang)  # the language of these messages; the reports are built in both
    library = _library(plans_dir)
    from .output import check_output_path

    check_output_path(reports / "index.html", plans_dir)
    planned = build.plan_reports(library)
    if check:
        problems = build.check(reports, planned)
        for line in problems:
            typer.echo(line, err=True)
        if problems:
            typer.echo(t("cli.build_stale", lang, count=len(problems)), err=True)
            raise typer.Exit(1)
        typer.echo(t("cli.build_current", lang, count=len(planned)), err=True)
        return
    written = build.write(reports, planned)
    for line in written:
        typer.echo(line)
    typer.echo(t("cli.build_written", lang, count=len(written), total=len(planned)), err=True)


def main() -> None:  # console-script entry point
    app()


# Commands for adding plan versions (`import`, `new`) live in their own module.
from . import cli_import as _cli_import  # noqa: E402,F401  (registers commands on `app`)
