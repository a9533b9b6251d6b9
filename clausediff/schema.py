"""The JSON Schema of plan files, generated from the pydantic models."""

from __future__ import annotations

import json

from .model import Plan


def plan_schema() -> dict:
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "clausediff plan file"
    return schema


def plan_schema_json() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
