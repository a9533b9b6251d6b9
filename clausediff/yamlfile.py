"""Read a YAML file safely, keeping the line of every value for error messages.

PyYAML's ``safe_load`` throws the positions away, so we compose the node tree
(with libyaml when available: it is ~10x faster) and build plain Python data
ourselves, recording ``path -> line`` as we go.  Aliases are refused outright:
plan files never need them, and refusing them defeats expansion bombs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        raise YamlProblem(
            Problem(name, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        ) from None
    if text.startswith("\ufeff"):  # a BOM is harmless; editors on Windows add it
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        raise YamlProblem(Problem(name, text.count("\n", 0, nul) + 1, "file contains a NUL byte"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(path: Path, text: str | None = None) -> YamlDoc:
    """Parse one YAML document, or raise YamlProblem with file and line."""
    name = display_path(path)
    if text is None:
        text = read_text(path)
    if not text.strip():
        raise YamlProblem(Problem(name, 1, "file is empty"))
    try:
        node = yaml.compose(text, Loader=_Loader)
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
        raise YamlProblem(Problem(name, 0, f"YAML error: {exc}")) from None
    if node is None:
        raise YamlProblem(Problem(name, 1, "file is empty"))
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise YamlProblem(builder.problems[0])
    return YamlDoc(data, builder.lines)


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.seen: set[int] = set()
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def build(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if id(node) in self.seen:
            # The same node object twice means an alias (*name): refuse it.
            raise YamlProblem(
                Problem(self.name, line, "YAML anchors and aliases (&name, *name) are not allowed")
            )
        if not isinstance(node, yaml.ScalarNode):
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem(Problem(self.name, key_line, "mapping keys must be plain strings"))
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(Problem(self.name, key_line, "YAML merge keys (<<) are not allowed"))
                key = self._scalar(key_node)
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in result:
                    raise YamlProblem(Problem(self.name, key_line, f'duplicate key "{key}"'))
                self.lines[path + (key,)] = key_line
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlProblem(
                Problem(self.name, node.start_mark.line + 1, f"YAML error: {exc.problem}")
            ) from None
        if isinstance(value, (bytes, set)) or type(value).__module__ not in ("builtins", "datetime"):
            raise YamlProblem(Problem(self.name, node.start_mark.line + 1, f"unsupported YAML tag {node.tag}"))
        return value
