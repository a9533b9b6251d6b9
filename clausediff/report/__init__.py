"""Reports: one module per output format behind one small interface.

Each format module exposes ``render_diff``, and where it makes sense
``render_matrix``/``render_history``; :func:`renderer` picks the module.
Report *data* (what to show) is built in :mod:`clausediff.report.data`;
the format modules only lay it out.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

FORMATS = {"json": "jsonfmt", "text": "textfmt", "md": "markdown", "html": "html"}


def renderer(fmt: str) -> ModuleType:
    from ..errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}": use one of {", ".join(FORMATS)}')
    return import_module(f".{FORMATS[fmt]}", __name__)
