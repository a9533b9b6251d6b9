"""The data model: pydantic models are the single definition of a plan file.

The JSON Schema printed by ``clausediff schema`` is generated from these
classes, so a field added here is documented and validated everywhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import unicodedata

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
)

PLAN_KINDS = (
    "proposal",
    "counter-proposal",
    "revision",
    "memorandum",
    "framework",
    "agreement",
    "statement",
)
CLAUSE_STATUSES = ("text", "reported", "bracketed")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


def _reject_blank(value: object) -> object:
    # Invisible format characters (zero-width space, word joiner, BOM) count as blank too.
    if isinstance(value, str) and all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in value):
        raise ValueError("must not be empty or whitespace only")
    return value


def _clause_id(value: object) -> object:
    # Unquoted YAML ids such as `id: 6` arrive as ints; accept them, but a
    # float (`10.1`) has already lost its spelling ("10.10" -> 10.1), so ask
    # for quotes instead of guessing.
    if isinstance(value, bool):
        raise ValueError("must be a string such as \"6\" or \"10.a\"")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f'write the id in quotes (got the number {value!r})')
    if isinstance(value, (dt.date, dt.datetime)):
        raise ValueError(f'write the id in quotes (got the date {value.isoformat()})')
    return value


Text = Annotated[str, BeforeValidator(_reject_blank)]
ClauseId = Annotated[
    str,
    BeforeValidator(_clause_id),
    BeforeValidator(_reject_blank),
    StringConstraints(max_length=64, pattern=r"^[^\s/#?]+$"),
]
HttpUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s/?#]+[^\s]*$", max_length=2000),
]


class _Strict(BaseModel):
    # Unknown keys are errors: a typo such as `catgories:` must not be
    # silently ignored in a file that is evidence.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        # One Unicode form everywhere: the same words typed on a Mac (NFD) or
        # elsewhere (NFC) must compare equal, and redline ops must rebuild the
        # text exactly, so we normalise once, on the way in.
        return _nfc(value)


def _nfc(value: object) -> object:
    """Strings NFC-normalised, also inside lists and mappings (``links: {plan: [ids]}``)."""
    if isinstance(value, str):
        # is_normalized is a fast C check; most text is already NFC.
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


class Source(_Strict):
    """Where the text of a plan was read."""

    title: Text
    publisher: Text
    url: HttpUrl = Field(description="http(s) address of the source")
    date: dt.date | None = Field(default=None, description="publication date")


class Section(_Strict):
    """A heading of the source document that clauses can belong to."""

    id: ClauseId
    title: Text
    title_ja: Text | None = None


class Clause(_Strict):
    """One numbered point (or sub-point) of a plan."""

    id: ClauseId = Field(description="the source's own numbering, e.g. \"6\", \"10.a\", \"I.2\"")
    section: str | None = Field(default=None, description="id of a declared section")
    text: Text = Field(description="concise rendition of the clause, in the project's own words")
    text_ja: Text | None = Field(default=None, description="Japanese rendition of the clause")
    categories: list[Slug] = Field(min_length=1, description="taxonomy ids, primary first")
    tags: list[Slug] = Field(default_factory=list)
    status: Literal["text", "reported", "bracketed"] = Field(
        default="text",
        description="text: from a published text; reported: reconstructed from reporting; "
        "bracketed: left open in the source",
    )
    links: dict[Slug, list[ClauseId]] = Field(
        default_factory=dict,
        description="explicit correspondences: plan id -> clause ids in that plan",
    )
    note: Text | None = None

    @property
    def primary(self) -> str:
        return self.categories[0]

    def text_in(self, lang: str) -> tuple[str, bool]:
        """The text in ``lang`` and whether it fell back to English (no ``text_ja``)."""
        if lang == "ja":
            return (self.text_ja, False) if self.text_ja else (self.text, True)
        return self.text, False


class Plan(_Strict):
    """A peace proposal as a list of categorised clauses."""

    id: Slug
    title: Text
    title_ja: Text | None = None
    short_title: Text | None = None
    parties: list[Text] = Field(min_length=1)
    date: dt.date
    kind: Literal[PLAN_KINDS]  # type: ignore[valid-type]  (a tuple in Literal[] means its items)
    completeness: Literal["full", "partial"]
    supersedes: Slug | None = None
    responds_to: Slug | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    summary: Text | None = None
    summary_ja: Text | None = None
    sources: list[Source] = Field(min_length=1)
    sections: list[Section] = Field(default_factory=list)
    clauses: list[Clause] = Field(min_length=1)

    # Where the plan was read from; not part of the file format.
    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        return self._path

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (Japanese when the plan has one, else English)."""
        return (self.title_ja or self.title) if lang == "ja" else self.title

    @property
    def label(self) -> str:
        return self.short_title or self.title

    def clause(self, clause_id: str) -> Clause:
        # Reports look up every clause of a pair by id: with 10,000 clauses a linear
        # scan made rendering quadratic.  See _clause_index.
        found = _clause_index(self.clauses).get(clause_id)
        if found is not None and found.id == clause_id:
            return found
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def section_title(self, section_id: str | None) -> str | None:
        for section in self.sections:
            if section.id == section_id:
                return section.title
        return None

    @property
    def lineage(self) -> str:
        parts = []
        if self.supersedes:
            parts.append(f"supersedes {self.supersedes}")
        if self.responds_to:
            parts.append(f"responds to {self.responds_to}")
        return "; ".join(parts)


_INDEXES: dict[int, tuple[list, int, dict]] = {}


def _clause_index(clauses: list[Clause]) -> dict[str, Clause]:
    """Clauses by id, for the last few clause lists looked at.  Kept outside the model
    (pydantic compares private attributes in ``==``); an entry holds its list, so the
    ``id`` it is filed under cannot be reused while it is cached."""
    entry = _INDEXES.get(id(clauses))
    if entry is None or entry[0] is not clauses or entry[1] != len(clauses):
        by_id: dict[str, Clause] = {}
        for clause in clauses:
            by_id.setdefault(clause.id, clause)
        if len(_INDEXES) >= 16:
            _INDEXES.pop(next(iter(_INDEXES)))
        entry = _INDEXES[id(clauses)] = (clauses, len(clauses), by_id)
    return entry[2]


class Keywords(_Strict):
    en: list[str] = Field(default_factory=list)
    ja: list[str] = Field(default_factory=list)


class Category(_Strict):
    """A topic of the taxonomy (`plans/taxonomy.yaml`)."""

    id: Slug
    en: Text
    ja: Text
    scope: Text
    keywords: Keywords = Field(default_factory=Keywords)

    def label(self, lang: str = "en") -> str:
        return self.ja if lang == "ja" else self.en


class Taxonomy(_Strict):
    """The categories clauses are filed under, in display order."""

    categories: list[Category] = Field(min_length=1)

    def ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def get(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def order(self, category_id: str) -> int:
        ids = self.ids()
        return ids.index(category_id) if category_id in ids else len(ids)
