"""Read a YAML file safely, keeping the line of every value for error messages.

PyYAML's ``safe_load`` throws the positions away, so we read the parser's event
stream (with libyaml when available: it is ~10x faster) and build plain Python
data ourselves, without recursion, recording ``path -> line`` as we go.  Aliases
are refused outright: plan files never need them, and refusing them defeats
expansion bombs.  So are nesting deeper than ``MAX_DEPTH``, tags other than the
safe scalar ones, and control characters (raw or escaped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import Problem, display_path

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_BYTES = 16 * 1024 * 1024  # a 10,000-clause plan is ~8 MB; anything larger is a mistake
Path_ = tuple[Any, ...]


@dataclass
class YamlDoc:
    """Parsed data plus the line on which each mapping key or list item starts."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_text(path: Path, raw: bytes | None = None) -> str:
    """Decode a file as UTF-8 text, or raise YamlProblem saying why not."""
    name = display_path(path)
    if raw is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise YamlProblem(Problem(name, 0, f"cannot read file: {exc.strerror or exc}")) from None
        if size > MAX_BYTES:
            raise YamlProblem(
                Problem(name, 0, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise YamlProblem(Problem(name, 0, f"cannot read file: {exc.strerror or exc}")) from None
    if len(raw) > MAX_BYTES:
        raise YamlProblem(Problem(name, 0, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "; it looks like UTF-16: save it as UTF-8" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ""
        raise YamlProblem(
            Problem(name, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}){hint}")
        ) from None
    if text.startswith("\ufeff"):  # a BOM is harmless; editors on Windows add it
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise YamlProblem(Problem(name, text.count("\n", 0, nul) + 1, "file contains a NUL byte"))
    return text


# Characters YAML does not allow in a file (and the C1 controls, NEL included, which
# it would read as line breaks): refused before parsing, with the line they are on.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _check_characters(name: str, text: str) -> None:
    bad = _RAW_CONTROL.search(text)
    if bad:
        char = bad.group()
        what = (
            "a NUL byte" if char == "\x00"
            else f"a non-character (U+{ord(char):04X})" if char in "\ufffe\uffff"
            else f"a control character (U+{ord(char):04X})"
        )
        raise YamlProblem(Problem(name, text.count("\n", 0, bad.start()) + 1, f"file contains {what}"))


def load_yaml(path: Path, text: str | None = None) -> YamlDoc:
    """Parse one YAML document, or raise YamlProblem with file and line."""
    name = display_path(path)
    if text is None:
        text = read_text(path)
    _check_characters(name, text)
    if not text.strip():
        raise YamlProblem(Problem(name, 1, "file is empty"))
    builder = _Builder(name)
    try:
        found, data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        # Point at where the construct began (an unclosed quote, say), and say where it broke.
        start = exc.context_mark or exc.problem_mark
        line = start.line + 1 if start else 0
        col = f":{start.column + 1}" if start else ""
        what = "; ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            what += f" (line {exc.problem_mark.line + 1})"
        raise YamlProblem(Problem(name, line, f"YAML syntax error at line {line}{col}: {what}")) from None
    except yaml.YAMLError as exc:
        # Reader errors and the like: keep the first line (the rest is PyYAML's "in <string>").
        raise YamlProblem(Problem(name, 0, f"YAML error: {str(exc).splitlines()[0] if str(exc) else 'invalid YAML'}")) from None
    if not found:
        raise YamlProblem(Problem(name, 1, "file is empty"))
    return YamlDoc(data, builder.lines)


MAX_DEPTH = 50  # a plan nests 6 levels deep; libyaml slows down quadratically (and the
# C composer overflows the stack) on documents nested a million levels deep

# Control characters that no plan needs and a terminal or a browser could act on;
# YAML allows some of them as escapes ("\e", "\0", "\x1b") inside double quotes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_STR_TAG = "tag:yaml.org,2002:str"
_ALIAS = "YAML anchors and aliases (&name, *name) are not allowed"


class _Frame:
    __slots__ = ("container", "path", "key", "key_pending")

    def __init__(self, container: Any, path: Path_):
        self.container = container
        self.path = path
        self.key: Any = None
        self.key_pending = isinstance(container, dict)


class _Builder:
    """Plain data from the parser's event stream, without recursion.

    Working on events (not the composed node tree) lets us refuse an alias or
    an absurd nesting depth the moment the parser reaches it, before libyaml
    or Python's stack have to cope with it.
    """

    def __init__(self, name: str):
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.loader = yaml.SafeLoader("")  # only its resolver and scalar constructors are used

    def _problem(self, event: yaml.Event, message: str) -> YamlProblem:
        return YamlProblem(Problem(self.name, event.start_mark.line + 1, message))

    def build(self, events: Iterable[yaml.Event]) -> tuple[bool, Any]:
        stack: list[_Frame] = []
        documents = 0
        document_start: yaml.Event | None = None
        result: Any = None
        anchors: dict[str, int] = {}
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream", document_start.start_mark,
                        "but found another document", event.start_mark,
                    )
                document_start = event
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent):
                # Reported where the aliased data is (its anchor), as the node tree would.
                line = anchors.get(event.anchor, event.start_mark.line + 1)
                raise YamlProblem(Problem(self.name, line, _ALIAS))
            if getattr(event, "anchor", None) is not None:
                anchors[event.anchor] = event.start_mark.line + 1
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                if not stack:
                    result = done.container
                else:
                    self._attach(stack[-1], done.container)
                continue
            parent = stack[-1] if stack else None
            if parent is not None and parent.key_pending:
                self._key(parent, event)
                continue
            path = self._child_path(parent)
            self.lines.setdefault(path, event.start_mark.line + 1)
            if isinstance(event, yaml.ScalarEvent):
                value = self._scalar(event)
                if parent is None:
                    result = value
                else:
                    self._attach(parent, value)
                continue
            # A collection starts.
            if event.tag not in _COLLECTION_TAGS:
                raise self._problem(event, f"unsupported YAML tag {event.tag}")
            if len(stack) >= MAX_DEPTH:
                raise self._problem(event, f"data nested more than {MAX_DEPTH} levels deep")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append(_Frame(container, path))
        return documents > 0, result

    @staticmethod
    def _child_path(parent: _Frame | None) -> Path_:
        if parent is None:
            return ()
        if isinstance(parent.container, dict):
            return parent.path + (parent.key,)
        return parent.path + (len(parent.container),)

    @staticmethod
    def _attach(parent: _Frame, value: Any) -> None:
        if isinstance(parent.container, dict):
            parent.container[parent.key] = value
            parent.key_pending = True
        else:
            parent.container.append(value)

    def _key(self, parent: _Frame, event: yaml.Event) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise self._problem(event, "mapping keys must be plain strings")
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:merge":
            raise self._problem(event, "YAML merge keys (<<) are not allowed")
        if event.tag not in (None, "!", _STR_TAG):
            raise self._problem(event, f"unsupported YAML tag {event.tag} on a mapping key")
        # Keys are names: keep them as written (`true:` is "true", `1:` is "1").
        key = event.value
        self._check_text(event, key)
        if key in parent.container:
            raise self._problem(event, f'duplicate key "{key}"')
        parent.key = key
        parent.key_pending = False
        self.lines[parent.path + (key,)] = event.start_mark.line + 1

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR_TAG:  # the common case (clause texts): no constructor needed
            self._check_text(event, event.value)
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            if "could not determine a constructor" in str(exc.problem):
                raise self._problem(event, f"unsupported YAML tag {tag}") from None
            raise self._problem(event, f"YAML error: {exc.problem}") from None
        except (ValueError, OverflowError) as exc:
            # An impossible date (2025-13-45), an integer of 5,000 digits...
            kind = {"timestamp": "date"}.get(tag.rsplit(":", 1)[-1], tag.rsplit(":", 1)[-1])
            if kind == "int":
                raise self._problem(event, f"number {_short(event.value)} has too many digits; write it in quotes") from None
            raise self._problem(event, f"invalid {kind} {_short(event.value)}: {exc}") from None
        if isinstance(value, (bytes, set)) or type(value).__module__ not in ("builtins", "datetime"):
            raise self._problem(event, f"unsupported YAML tag {tag}")
        if isinstance(value, str):
            self._check_text(event, value)
        return value

    def _check_text(self, event: yaml.Event, text: str) -> None:
        bad = _CONTROL.search(text)
        if bad:
            raise self._problem(event, f"text contains a control character (U+{ord(bad.group()):04X})")


_STR_TAG = "tag:yaml.org,2002:str"


def _short(text: str, limit: int = 40) -> str:
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'
