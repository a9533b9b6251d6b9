"""JSON: the alignment result for other tools (names are a contract)."""

from __future__ import annotations

import json

from ..align import DiffResult


def render_diff(result: DiffResult, **_: object) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
