"""Interface strings in English and Japanese.

One plain mapping per language in ``locales/<lang>.yaml`` (flat keys, Python
``str.format`` fields). We chose plain mappings over gettext/Babel: two
languages, no plural rules to speak of in Japanese, no compile step, and a
test can compare the key sets directly.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from importlib import resources

import yaml

LANGS = ("en", "ja")
ENV_LANG = "CLAUSEDIFF_LANG"
_MONTHS = ("January February March April May June July August September October November December").split()


class UnknownLanguage(ValueError):
    pass


def resolve_lang(value: str | None = None) -> str:
    """``--lang``, else ``$CLAUSEDIFF_LANG``, else English."""
    from .errors import UsageError

    lang = value or os.environ.get(ENV_LANG) or "en"
    lang = lang.strip().lower().split("_")[0].split("-")[0]
    if lang not in LANGS:
        raise UsageError(f'unknown language "{value or os.environ.get(ENV_LANG)}": use one of {", ".join(LANGS)}')
    return lang


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    text = (resources.files("clausediff") / "locales" / f"{lang}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {str(k): str(v) for k, v in data.items()}


def t(key: str, lang: str = "en", **fields: object) -> str:
    """The string ``key`` in ``lang`` (English if the key is missing there), formatted."""
    strings = catalogue(lang)
    template = strings.get(key)
    if template is None:
        template = catalogue("en").get(key, key)
    return template.format(**fields) if fields else template


def format_date(value: dt.date | None, lang: str = "en") -> str:
    if value is None:
        return ""
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
