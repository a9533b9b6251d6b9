"""Write a plan file the way the shipped ones read: block style, folded text, keys in model order.

A small emitter of our own rather than ``yaml.safe_dump``: the layout of a
plan file is part of its readability (ids quoted so "10.10" stays a string,
long texts as ``>-`` folded blocks, categories as a one-line list), and the
output must be byte-for-byte deterministic.  Scalars whose spelling YAML
could misread are double-quoted by PyYAML's own emitter; every file written
is parsed back and compared before it is returned.
"""

from __future__ import annotations

import re

import yaml

from .model import Clause, Plan, Section, Source

WIDTH = 88  # folded text is wrapped to this many columns
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters that cannot stand in a folded block as themselves.
_NOT_FOLDABLE = re.compile(r"[\t\r\n\x85\u2028\u2029\ufeff]|[\x00-\x1f\x7f-\x9f]|  | $|^ ")


def quote(value: str) -> str:
    """A double-quoted YAML scalar (escapes as needed), on one line."""
    out = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30)
    return out.rstrip("\n").removesuffix("\n...").rstrip("\n")


def _slug(value: str) -> str:
    return value if _SLUG.match(value) and value not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n") else quote(value)


def _flow(values: list[str], item=quote) -> str:
    return "[" + ", ".join(item(v) for v in values) + "]"


def folded(key: str, value: str, indent: str) -> list[str]:
    """``key: >-`` and the text wrapped at spaces; a text that cannot fold is double-quoted."""
    if _NOT_FOLDABLE.search(value):
        return [f"{indent}{key}: {quote(value)}"]
    inner = indent + "  "
    room = max(20, WIDTH - len(inner))
    lines, current = [], ""
    for word in value.split(" "):
        if current and len(current) + 1 + len(word) > room:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [f"{indent}{key}: >-"] + [inner + line for line in lines]


def _source(source: Source) -> list[str]:
    lines = [f"  - title: {quote(source.title)}", f"    publisher: {quote(source.publisher)}", f"    url: {quote(source.url)}"]
    if source.date is not None:
        lines.append(f"    date: {source.date.isoformat()}")
    return lines


def _section(section: Section) -> list[str]:
    lines = [f"  - id: {quote(section.id)}", f"    title: {quote(section.title)}"]
    if section.title_ja:
        lines.append(f"    title_ja: {quote(section.title_ja)}")
    return lines


def _clause(clause: Clause) -> list[str]:
    lines = [f"  - id: {quote(clause.id)}"]
    if clause.section is not None:
        lines.append(f"    section: {quote(clause.section)}")
    lines += folded("text", clause.text, "    ")
    if clause.text_ja:
        lines += folded("text_ja", clause.text_ja, "    ")
    lines.append(f"    categories: {_flow(clause.categories, _slug)}")
    if clause.tags:
        lines.append(f"    tags: {_flow(clause.tags, _slug)}")
    if clause.status != "text":
        lines.append(f"    status: {clause.status}")
    if clause.links:
        lines.append("    links:")
        for plan_id, ids in clause.links.items():
            lines.append(f"      {_slug(plan_id)}: {_flow(ids)}")
    if clause.note:
        lines += folded("note", clause.note, "    ")
    return lines


def dump_plan(plan: Plan, header: str | None = None) -> str:
    """The plan as YAML text; ``header`` becomes leading ``#`` comment lines."""
    out: list[str] = []
    if header:
        out += [f"# {line}".rstrip() for line in header.splitlines()]
    out.append(f"id: {_slug(plan.id)}")
    out.append(f"title: {quote(plan.title)}")
    if plan.title_ja:
        out.append(f"title_ja: {quote(plan.title_ja)}")
    if plan.short_title:
        out.append(f"short_title: {quote(plan.short_title)}")
    out.append(f"parties: {_flow(plan.parties)}")
    out.append(f"date: {plan.date.isoformat()}")
    out.append(f"kind: {plan.kind}")
    out.append(f"completeness: {plan.completeness}")
    out.append(f"supersedes: {_slug(plan.supersedes) if plan.supersedes else 'null'}")
    out.append(f"responds_to: {_slug(plan.responds_to) if plan.responds_to else 'null'}")
    out.append(f"language: {_slug(plan.language)}")
    if plan.summary:
        out += folded("summary", plan.summary, "")
    if plan.summary_ja:
        out += folded("summary_ja", plan.summary_ja, "")
    out.append("sources:")
    for source in plan.sources:
        out += _source(source)
    if plan.sections:
        out.append("sections:")
        for section in plan.sections:
            out += _section(section)
    out.append("clauses:")
    for clause in plan.clauses:
        out += _clause(clause)
    text = "\n".join(out) + "\n"
    _check(plan, text)
    return text


def _check(plan: Plan, text: str) -> None:
    """The text must read back as the same plan (a bug here would corrupt evidence)."""
    data = yaml.safe_load(text)
    again = Plan.model_validate(data)
    if again.model_dump() != plan.model_dump():  # pragma: no cover - a bug, not a user error
        raise AssertionError("the YAML written does not read back as the same plan")


__all__ = ["dump_plan", "quote", "folded"]
