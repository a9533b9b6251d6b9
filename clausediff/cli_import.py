"""CLI commands that add a plan version: ``import`` and ``new`` (registered on the main app)."""

from __future__ import annotations
