"""clausediff: compare peace proposals clause by clause.

The pipeline reads like the modules: ``load`` -> ``align`` -> ``textdiff`` ->
``report``.  Everything the CLI does is available here::

    from clausediff import load_plans, diff_plans
    plans = load_plans()
    result = diff_plans(plans["us-28-point"], plans["us-ua-19-point"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "load_plan",
    "load_plans",
    "load_taxonomy",
    "load_library",
    "diff_plans",
    "compare",
    "history",
    "Plan",
    "Clause",
    "Taxonomy",
    "PlanError",
]

_LAZY = {
    "load_plan": "load",
    "load_plans": "load",
    "load_taxonomy": "load",
    "load_library": "load",
    "diff_plans": "align",
    "compare": "align",
    "history": "align",
    "Plan": "model",
    "Clause": "model",
    "Taxonomy": "model",
    "PlanError": "errors",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so that `clausediff --help` does not pay for pydantic.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)


if TYPE_CHECKING:  # pragma: no cover
    from .align import compare, diff_plans, history
    from .errors import PlanError
    from .load import load_library, load_plan, load_plans, load_taxonomy
    from .model import Clause, Plan, Taxonomy
