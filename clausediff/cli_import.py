"""CLI commands that add a plan version: ``import`` and ``new`` (registered on the main app)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import PlansDir, _guard, _library, app

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Output = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Write the plan to FILE (normally plans/ID.yaml) instead of stdout.", show_default=False),
]
Force = Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")]


def _check_id(plan_id: str | None, problems: list[str], what: str = "--id") -> None:
    if not plan_id:
        problems.append(f"missing {what}: the new plan's id, e.g. my-draft")
    elif not _SLUG.match(plan_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", plan_id.lower()).strip("-")
        hint = f' such as "{suggestion}"' if suggestion and _SLUG.match(suggestion) else ""
        problems.append(f'{what} "{plan_id}": use lower-case letters, digits and hyphens{hint}')


def _parse_date(value: str | None, option: str, problems: list[str]):
    import datetime as dt

    if value is None:
        return None
    try:
        if not _DATE.match(value.strip()):
            raise ValueError
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f'{option} "{value}": expected a date as YYYY-MM-DD, e.g. 2025-11-30')
        return None


def _check_output(output: Path | None, plan_id: str | None, force: bool, library, problems: list[str]) -> None:
    """``-o`` may point into the plans directory (that is the point), but never over a file unasked."""
    from .errors import display_path

    if output is None or str(output) == "-":
        existing = library.plans.get(plan_id) if plan_id else None
        if existing is not None:
            problems.append(f'a plan "{plan_id}" already exists ({display_path(existing.path)}); choose another --id')
        return
    if output.is_dir():
        problems.append(f"{display_path(output)}: is a directory; give a file name such as {display_path(output / f'{plan_id}.yaml')}")
        return
    if output.suffix not in (".yaml", ".yml"):
        problems.append(f"{display_path(output)}: plan files end in .yaml")
    elif plan_id and output.stem != plan_id:
        problems.append(f'{display_path(output)}: the file of plan "{plan_id}" must be named {plan_id}.yaml')
    if output.exists() and not force:
        problems.append(f"{display_path(output)}: already exists; use --force to replace it")
    if plan_id and plan_id in library.plans:
        existing = library.plans[plan_id]
        same = existing.path is not None and output.exists() and existing.path.resolve() == output.resolve()
        if not same:  # replacing the plan's own file is what --force is for
            problems.append(f'a plan "{plan_id}" already exists ({display_path(existing.path)}); choose another --id')


def _write(text: str, output: Path | None) -> None:
    from .output import atomic_write

    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write(output, text)


def _read_input(textfile: str) -> str:
    from .errors import UsageError, display_path
    from .yamlfile import YamlProblem, read_text

    if textfile == "-":
        text = sys.stdin.read()
        return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    path = Path(textfile)
    if not path.is_file():
        raise UsageError(f"{display_path(path)}: no such file")
    try:
        return read_text(path)
    except YamlProblem as exc:
        raise UsageError(str(exc.problem)) from None


@app.command("import")
@_guard
def import_command(
    textfile: Annotated[str, typer.Argument(help="Plain-text file with numbered points; - reads standard input.", show_default=False)],
    plan_id: Annotated[Optional[str], typer.Option("--id", help="Id of the new plan (lower-case, hyphens): also its file name (required).", show_default=False)] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title [default: the first line before point 1].", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the text, YYYY-MM-DD (required).", show_default=False)] = None,
    party: Annotated[Optional[list[str]], typer.Option("--party", help="A party that put the plan forward (required; repeatable).", show_default=False)] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="proposal, counter-proposal, revision, memorandum, framework, agreement or statement [default: revision with --base, else proposal].", show_default=False)] = None,
    completeness: Annotated[str, typer.Option("--completeness", help="full, or partial when only some points are known.")] = "full",
    base: Annotated[Optional[str], typer.Option("--base", help="The plan this text revises: suggests links to its clauses and sets supersedes.", show_default=False)] = None,
    source_url: Annotated[Optional[str], typer.Option("--source-url", help="http(s) address where the text was published (required: plan files cite their source).", show_default=False)] = None,
    source_title: Annotated[Optional[str], typer.Option("--source-title", help="Title of the source [default: the plan's title].", show_default=False)] = None,
    source_publisher: Annotated[Optional[str], typer.Option("--source-publisher", help="Publisher of the source [default: the URL's host name].", show_default=False)] = None,
    output: Output = None,
    force: Force = False,
    plans_dir: PlansDir = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the text: en or ja [default: detected from the text].", show_default=False)] = None,
) -> None:
    """Import a numbered plain-text document as a new plan file.

    Points (1. / 1) / (1) / Point 1: / 第1項 / ①), lettered sub-points and bullets,
    and Roman-numbered sections are recognised; wrapped lines are joined and page
    numbers, repeated headers and footers are dropped.  Every clause is filed under
    categories guessed from the taxonomy's keywords, and with --base linked to the
    clauses of the plan it revises; each guess is marked "review:" in the clause's
    note.  Lines that could not be placed are listed on stderr with their line number.

    Example: clausediff import draft.txt --id my-draft --date 2025-11-30 --party Ukraine --base us-ua-19-point --source-url https://example.org/draft -o plans/my-draft.yaml
    """
    from urllib.parse import urlparse

    from .errors import UsageError, display_path
    from .importer import build_plan, parse_text, preamble_summary, preamble_title
    from .load import _suggest
    from .model import PLAN_KINDS, Source

    problems: list[str] = []
    _check_id(plan_id, problems)
    day = _parse_date(date, "--date", problems)
    if date is None:
        problems.append("missing --date: the date of the text, YYYY-MM-DD")
    if not party or not any(p.strip() for p in party):
        problems.append('missing --party: who put the plan forward, e.g. --party Ukraine (repeatable)')
    if kind is not None and kind not in PLAN_KINDS:
        problems.append(f'--kind "{kind}": use one of {", ".join(PLAN_KINDS)}' + _suggest(kind, PLAN_KINDS))
    if completeness not in ("full", "partial"):
        problems.append(f'--completeness "{completeness}": use full or partial')
    if lang is not None and lang not in ("en", "ja"):
        problems.append(f'--lang "{lang}": use en or ja')
    if not source_url:
        problems.append("missing --source-url: plan files cite where the text was published (an http:// or https:// address)")
    elif not re.match(r"^https?://[^\s/?#]+[^\s]*$", source_url):
        problems.append(f'--source-url "{source_url}": not an http:// or https:// address')
    library = _library(plans_dir, [base] if base else [])
    base_plan = None
    if base:
        try:
            base_plan = library.get(base)
        except UsageError as exc:
            problems.append(f"--base: {exc}")
    _check_output(output, plan_id, force, library, problems)
    if textfile != "-" and not Path(textfile).is_file():
        problems.insert(0, f"{display_path(Path(textfile))}: no such file")
    if problems:
        raise UsageError("\n".join(problems))

    name = "<stdin>" if textfile == "-" else display_path(Path(textfile))
    doc = parse_text(_read_input(textfile), lang=lang)
    if not doc.clauses:
        raise UsageError(f'{name}: no numbered points found (expected lines such as "1. ...", "(a) ...", "第1項 ...")')
    title = title or preamble_title(doc)
    if not title:
        raise UsageError(f"{name}: no title line before the first point; give --title")
    host = urlparse(source_url).hostname or source_url
    source = Source(title=source_title or title, publisher=source_publisher or host, url=source_url)
    plan, warnings = build_plan(
        doc, plan_id=plan_id, title=title, date=day, parties=[p.strip() for p in party if p.strip()],
        sources=[source], taxonomy=library.taxonomy, kind=kind, completeness=completeness,
        base=base_plan, summary=preamble_summary(doc, title),
    )
    from .yamlwrite import dump_plan

    header = (f"Imported by `clausediff import` from {name}.\n"
              "Every note starting \"review:\" is a machine guess (categories, links): check it, then delete the note.")
    _write(dump_plan(plan, header), output)
    for warning in warnings:
        typer.echo(str(warning), err=True)
    linked = sum(1 for c in plan.clauses if c.links)
    where = display_path(output) if output is not None and str(output) != "-" else "stdout"
    with_links = f", {linked} linked to {base_plan.id}" if base_plan is not None else ""
    typer.echo(f"{len(plan.clauses)} clauses imported{with_links}; {len(warnings)} warning"
               f"{'s' if len(warnings) != 1 else ''}; written to {where}", err=True)


@app.command("new")
@_guard
def new_command(
    plan_id: Annotated[str, typer.Argument(help="Id of the new plan (lower-case, hyphens): also its file name.", show_default=False)],
    from_plan: Annotated[Optional[str], typer.Option("--from", help="The plan to start from: id or path to a .yaml file (required).", show_default=False)] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title [default: the original's title + \" (revision)\"].", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date, YYYY-MM-DD [default: the original's date, so that the output is reproducible; set the real date].", show_default=False)] = None,
    output: Output = None,
    force: Force = False,
    plans_dir: PlansDir = None,
) -> None:
    """Start a revision of a plan: an exact copy to edit, every clause linked to its original.

    The copy supersedes the original and is of kind revision; after editing,
    `clausediff diff ORIGINAL ID` shows what changed (an unedited copy diffs as all
    unchanged).

    Example: clausediff new my-revision --from us-ua-19-point --date 2025-12-01 -o plans/my-revision.yaml
    """
    from .errors import UsageError
    from .importer import new_revision
    from .yamlwrite import dump_plan

    problems: list[str] = []
    _check_id(plan_id, problems, "ID")
    day = _parse_date(date, "--date", problems)
    if not from_plan:
        problems.append("missing --from: the plan to start from, e.g. --from us-ua-19-point")
    library = _library(plans_dir, [from_plan] if from_plan else [])
    base = None
    if from_plan:
        try:
            base = library.get(from_plan)
        except UsageError as exc:
            problems.append(f"--from: {exc}")
    if base is not None and base.id == plan_id:
        problems.append(f'ID "{plan_id}" is the id of the plan it starts from; choose a new one')
    else:
        _check_output(output, plan_id, force, library, problems)
    if problems:
        raise UsageError("\n".join(problems))
    plan = new_revision(base, plan_id, title=title, date=day)
    header = f"Started by `clausediff new {plan_id} --from {base.id}`: edit the clauses, keep the links."
    _write(dump_plan(plan, header), output)
    if output is not None and str(output) != "-":
        from .errors import display_path

        typer.echo(f"{len(plan.clauses)} clauses copied from {base.id}; written to {display_path(output)}", err=True)
