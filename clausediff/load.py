"""Load plan files and the taxonomy, checking everything a user can get wrong.

Every problem becomes one :class:`~clausediff.errors.Problem` line naming the
file, the line and the clause; all problems of a file are collected before
:class:`~clausediff.errors.PlanError` is raised.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from .errors import PlanError, Problem, UsageError, display_path
from .model import Plan, Taxonomy
from .yamlfile import YamlDoc, YamlProblem, load_yaml

TAXONOMY_FILE = "taxonomy.yaml"
ENV_PLANS = "CLAUSEDIFF_PLANS"


# --------------------------------------------------------------------------- where plans live


def packaged_plans_dir() -> Path:
    """The plans shipped with the package (a wheel), or the repository's ``plans/`` (a checkout)."""
    shipped = resources.files("clausediff") / "_plans"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parent.parent / "plans"


def resolve_plans_dir(plans_dir: str | Path | None = None) -> Path:
    """``--plans-dir``, else ``$CLAUSEDIFF_PLANS``, else ``./plans``, else the packaged plans."""
    if plans_dir:
        chosen = Path(plans_dir)
    elif os.environ.get(ENV_PLANS):
        chosen = Path(os.environ[ENV_PLANS])
    elif Path("plans").is_dir():
        chosen = Path("plans")
    else:
        chosen = packaged_plans_dir()
    if not chosen.is_dir():
        raise UsageError(f"{display_path(chosen)}: plans directory not found")
    return chosen


# --------------------------------------------------------------------------- messages


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _describe_type(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}" if type(value) is dt.date else f"the date and time {value.isoformat()}"
    if isinstance(value, str):
        # A 100,000-character value must not make a 100,000-character message.
        return f'"{value}"' if len(value) <= 60 else f'"{value[:59]}…" ({len(value):,} characters)'
    return repr(value)


_FIELD_HINTS = {
    "date": "a date (YYYY-MM-DD)",
    "id": "a slug of lower-case letters, digits and hyphens",
    "url": "an http:// or https:// address",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    # Inside a clause the clause id is named separately; elsewhere list items get [n] (1-based).
    if len(loc) >= 2 and loc[0] == "clauses" and isinstance(loc[1], int):
        loc = loc[2:]
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "document"


def _pydantic_message(err: dict[str, Any], model_fields: dict[str, Any]) -> str:
    loc = tuple(err["loc"])
    field_name = _field_name(loc)
    kind = err["type"]
    value = err.get("input")
    last = loc[-1] if loc else ""
    if kind == "missing":
        return f'missing required field "{last}"'
    if kind == "extra_forbidden":
        return f'unknown key "{last}"' + _suggest(str(last), model_fields)
    if kind in ("too_short",) and isinstance(value, (list, dict)):
        return f'field "{field_name}" must not be empty'
    if kind == "string_pattern_mismatch":
        if last == "url" or "url" in loc:
            return f'field "{field_name}": {_describe_type(value)} is not an http(s) URL'
        if "id" == last or field_name in ("supersedes", "responds_to", "categories", "tags", "links"):
            return f'field "{field_name}": {_describe_type(value)} is not a slug (lower-case letters, digits, hyphens)'
        if field_name == "language":
            return f'field "language": {_describe_type(value)} is not a language code such as "en"'
        return f'field "{field_name}": {_describe_type(value)} is not a valid id (no spaces, "/", "#" or "?")'
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f'field "{field_name}": {_describe_type(value)} is not one of {expected}'
    if kind.startswith("date") or kind == "datetime_type":
        return f'field "{field_name}": expected a date (YYYY-MM-DD), got {_describe_type(value)}'
    if kind == "string_type":
        return f'field "{field_name}": expected text, got {_describe_type(value)}'
    if kind == "list_type":
        return f'field "{field_name}": expected a list, got {_describe_type(value)}'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f'field "{field_name}": expected a mapping, got {_describe_type(value)}'
    if kind in ("string_too_long", "too_long"):
        limit = err.get("ctx", {}).get("max_length")
        unit = "items" if isinstance(value, (list, dict)) else "characters"
        return f'field "{field_name}" is too long' + (f" (at most {limit} {unit})" if limit else "")
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return f'field "{field_name}" {msg}' if msg.startswith("must") else f'field "{field_name}": {msg}'
    return f'field "{field_name}": {err["msg"].lower()}'


def _clause_at(doc: YamlDoc, loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "clauses" and isinstance(loc[1], int):
        clauses = doc.data.get("clauses") if isinstance(doc.data, dict) else None
        if isinstance(clauses, list) and loc[1] < len(clauses):
            item = clauses[loc[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), (str, int, float)) and not isinstance(item.get("id"), bool):
                return str(item["id"])
            return f"#{loc[1] + 1}"
    return None


def _validate(model: type, doc: YamlDoc, name: str) -> tuple[Any, list[Problem]]:
    if not isinstance(doc.data, dict):
        return None, [Problem(name, doc.line_of(()), f"expected a mapping of fields, got {_describe_type(doc.data)}")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            # pydantic reports a missing key at the key's own path; point at its parent.
            line = doc.line_of(loc if err["type"] != "missing" else loc[:-1])
            fields = _fields_for(model, loc)
            problems.append(Problem(name, line, _pydantic_message(err, fields), _clause_at(doc, loc)))
        return None, problems


def _fields_for(model: type, loc: tuple[Any, ...]) -> dict[str, Any]:
    """The field names of the (sub)model at ``loc``, for "did you mean" suggestions."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            break
        annotation = info.annotation
        for candidate in getattr(annotation, "__args__", ()) or (annotation,):
            if hasattr(candidate, "model_fields"):
                current = candidate
                break
    return getattr(current, "model_fields", {})


# --------------------------------------------------------------------------- taxonomy


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load ``taxonomy.yaml`` from a file or a plans directory (default: resolved plans dir)."""
    if path is None:
        path = resolve_plans_dir()
    path = Path(path)
    if path.is_dir():
        local = path / TAXONOMY_FILE
        path = local if local.exists() else packaged_plans_dir() / TAXONOMY_FILE
    name = display_path(path)
    try:
        doc = load_yaml(path)
    except YamlProblem as exc:
        raise PlanError([exc.problem]) from None
    taxonomy, problems = _validate(Taxonomy, doc, name)
    if taxonomy is not None:
        seen: set[str] = set()
        for i, category in enumerate(taxonomy.categories):
            if category.id in seen:
                problems.append(Problem(name, doc.line_of(("categories", i)), f'duplicate category "{category.id}"'))
            seen.add(category.id)
    if problems:
        raise PlanError(problems)
    return taxonomy


# --------------------------------------------------------------------------- plans


def _norm_id(clause_id: str) -> str:
    # "６" and "6", "10.A" and "10.a" would read as the same clause to a person.
    return unicodedata.normalize("NFKC", clause_id).casefold().strip().rstrip(".")


def _check_plan(plan: Plan, doc: YamlDoc, name: str, path: Path, taxonomy: Taxonomy) -> list[Problem]:
    problems: list[Problem] = []
    if plan.id != path.stem:
        problems.append(Problem(name, doc.line_of(("id",)), f'plan id "{plan.id}" does not match the file name "{path.name}"'))
    category_ids = taxonomy.ids()
    section_ids = {s.id for s in plan.sections}
    seen_sections: set[str] = set()
    for i, section in enumerate(plan.sections):
        if section.id in seen_sections:
            problems.append(Problem(name, doc.line_of(("sections", i)), f'duplicate section id "{section.id}"'))
        seen_sections.add(section.id)
    seen: dict[str, str] = {}
    for i, clause in enumerate(plan.clauses):
        where = ("clauses", i)
        key = _norm_id(clause.id)
        if key in seen:
            other = seen[key]
            what = f'duplicate clause id "{clause.id}"' if other == clause.id else f'clause id "{clause.id}" collides with "{other}"'
            problems.append(Problem(name, doc.line_of(where + ("id",)), what, clause.id))
        seen.setdefault(key, clause.id)
        for j, category in enumerate(clause.categories):
            if category not in category_ids:
                problems.append(
                    Problem(name, doc.line_of(where + ("categories", j)),
                            f'unknown category "{category}"' + _suggest(category, category_ids), clause.id)
                )
        if len(set(clause.categories)) != len(clause.categories):
            problems.append(Problem(name, doc.line_of(where + ("categories",)), "a category is listed twice", clause.id))
        if clause.section is not None and clause.section not in section_ids:
            problems.append(
                Problem(name, doc.line_of(where + ("section",)),
                        f'unknown section "{clause.section}"' + _suggest(clause.section, section_ids), clause.id)
            )
        if plan.id in clause.links:
            problems.append(Problem(name, doc.line_of(where + ("links", plan.id)), "a clause cannot link to its own plan", clause.id))
    return problems


@dataclass
class LoadedPlan:
    plan: Plan
    doc: YamlDoc
    name: str


def _read_plan(path: Path, taxonomy: Taxonomy) -> tuple[LoadedPlan | None, list[Problem]]:
    name = display_path(path)
    try:
        doc = load_yaml(path)
    except YamlProblem as exc:
        return None, [exc.problem]
    plan, problems = _validate(Plan, doc, name)
    if plan is None:
        return None, problems
    plan._path = path
    problems = _check_plan(plan, doc, name, path, taxonomy)
    return LoadedPlan(plan, doc, name), problems


def _check_references(loaded: list[LoadedPlan], known: dict[str, Plan], elsewhere: set[str] = frozenset()) -> list[Problem]:
    """Lineage and links must point at plans and clauses that exist; lineage must not loop.

    ``elsewhere``: ids of plans that exist but were not loaded (not checked further).
    """
    problems: list[Problem] = []
    clause_ids: dict[str, dict[str, None]] = {}
    for item in loaded:
        plan, doc, name = item.plan, item.doc, item.name
        for key in ("supersedes", "responds_to"):
            target = getattr(plan, key)
            if target is None:
                continue
            if target == plan.id:
                problems.append(Problem(name, doc.line_of((key,)), f'{key} names the plan itself'))
            elif target not in known and target not in elsewhere:
                problems.append(Problem(name, doc.line_of((key,)), f'{key}: unknown plan "{target}"' + _suggest(target, known)))
        for i, clause in enumerate(plan.clauses):
            for target, ids in clause.links.items():
                line = doc.line_of(("clauses", i, "links", target))
                if target == plan.id or (target not in known and target in elsewhere):
                    continue
                if target not in known:
                    problems.append(Problem(name, line, f'link to unknown plan "{target}"' + _suggest(target, known), clause.id))
                    continue
                if target not in clause_ids:  # once per plan: 10,000 links made this quadratic
                    clause_ids[target] = {c.id: None for c in known[target].clauses}
                other_ids = clause_ids[target]
                for cid in ids:
                    if cid not in other_ids:
                        problems.append(
                            Problem(name, line, f'link to unknown clause "{cid}" of {target}' + _suggest(cid, other_ids), clause.id)
                        )
        # Follow supersedes from this plan; coming back to it is a cycle (a plan that
        # supersedes itself is reported once, above).
        chain, current = [plan.id], plan.supersedes if plan.supersedes != plan.id else None
        while current is not None and current in known:
            if current == plan.id:
                problems.append(
                    Problem(name, doc.line_of(("supersedes",)), "circular supersedes: " + " -> ".join(chain + [current]))
                )
                break
            if current in chain:
                break  # a cycle not through this plan; reported on its own members
            chain.append(current)
            current = known[current].supersedes
    return problems


def plan_files(directory: Path) -> list[Path]:
    """The plan files of a directory: every ``*.yaml`` but the taxonomy, sorted by name."""
    return sorted(p for p in directory.glob("*.yaml") if p.name != TAXONOMY_FILE and p.is_file())


@dataclass
class Library:
    """All plans of a directory (plus any extra files) and the taxonomy they are filed under."""

    plans: dict[str, Plan]
    taxonomy: Taxonomy
    directory: Path | None = None
    extra: list[Path] = field(default_factory=list)

    def get(self, ref: str) -> Plan:
        """A plan by id, or by path to a ``.yaml`` file."""
        if ref in self.plans:
            return self.plans[ref]
        if ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref:
            path = Path(ref)
            for plan in self.plans.values():
                if plan.path is not None and _same_file(plan.path, path):
                    return plan
            raise UsageError(f"{ref}: no such plan file")
        hint = _suggest(ref, self.plans)
        raise UsageError(f'unknown plan "{ref}"{hint}; `clausediff plans` lists them')

    def ordered(self) -> list[Plan]:
        """Plans in date order (ties by id) — the order reports use."""
        return sorted(self.plans.values(), key=lambda p: (p.date, p.id))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def load_library(
    plans_dir: str | Path | None = None,
    extra_files: Iterable[str | Path] = (),
    only_extra: bool = False,
    only_ids: Iterable[str] | None = None,
) -> Library:
    """Load a whole plans directory (and extra plan files), checking all cross-references.

    ``only_ids`` loads just those plans of the directory (a diff needs two, not
    all): their references to plans not loaded are then checked against the
    directory's file names only; ``clausediff validate`` checks everything.
    Raises :class:`PlanError` listing every problem in every file.
    """
    directory = resolve_plans_dir(plans_dir)
    taxonomy = load_taxonomy(directory)
    extra = [Path(p) for p in extra_files]
    for path in extra:
        if not path.is_file():
            raise UsageError(f"{display_path(path)}: no such file")
    if only_ids is not None:
        wanted = [directory / f"{i}.yaml" for i in dict.fromkeys(only_ids)]
        paths = [p for p in wanted if p.is_file()] + extra
        stems = {p.stem for p in plan_files(directory)}
        item_map = {}
        problems: list[Problem] = []
        loaded: list[LoadedPlan] = []
        for path in paths:
            item, found = _read_plan(path, taxonomy)
            problems.extend(found)
            if item is not None and item.plan.id not in item_map:
                item_map[item.plan.id] = item.plan
                loaded.append(item)
        problems.extend(p for p in _check_references(loaded, item_map, stems) if p)
        if problems:
            raise PlanError(problems)
        return Library(plans=dict(sorted(item_map.items())), taxonomy=taxonomy, directory=directory, extra=extra)
    paths = list(extra) if only_extra else plan_files(directory)
    for path in extra:
        if not any(_same_file(path, p) for p in paths):
            paths.append(path)
    problems: list[Problem] = []
    loaded: list[LoadedPlan] = []
    for path in paths:
        item, found = _read_plan(path, taxonomy)
        problems.extend(found)
        if item is not None:
            loaded.append(item)
    known: dict[str, Plan] = {}
    first_file: dict[str, str] = {}
    for item in loaded:
        if item.plan.id in known:
            problems.append(
                Problem(item.name, item.doc.line_of(("id",)), f'duplicate plan id "{item.plan.id}" (also in {first_file[item.plan.id]})')
            )
            continue
        known[item.plan.id] = item.plan
        first_file[item.plan.id] = item.name
    # References may point at any plan of the directory even when only some files are checked.
    universe = dict(known)
    if only_extra:
        for path in plan_files(directory):
            if path.stem in universe:
                continue
            item, found = _read_plan(path, taxonomy)
            if item is not None and not found:
                universe.setdefault(item.plan.id, item.plan)
    problems.extend(_check_references(loaded, universe))
    if problems:
        raise PlanError(problems)
    return Library(plans=dict(sorted(universe.items())), taxonomy=taxonomy, directory=directory, extra=extra)


def load_plans(plans_dir: str | Path | None = None) -> dict[str, Plan]:
    """All plans of a directory by id, in date order."""
    library = load_library(plans_dir)
    return {plan.id: plan for plan in library.ordered()}


def load_plan(ref: str | Path, plans_dir: str | Path | None = None) -> Plan:
    """One plan by id or by path; its references are checked against the plans directory."""
    ref_str = str(ref)
    if ref_str.endswith((".yaml", ".yml")) or Path(ref_str).is_file():
        library = load_library(plans_dir, extra_files=[ref_str], only_extra=True)
    else:
        library = load_library(plans_dir)
    return library.get(ref_str)
