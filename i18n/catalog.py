"""Look-up and language choice.

Every module in the ``i18n`` package (other than this one) holds one feature's texts as
``SV`` and ``EN`` dicts; they are merged on first use. A key defined twice is an error.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

SUPPORTED = ("sv", "en")


@cache
def catalogues() -> dict[str, dict[str, str]]:
    import i18n

    merged: dict[str, dict[str, str]] = {"sv": {}, "en": {}}
    for info in sorted(pkgutil.iter_modules(i18n.__path__), key=lambda m: m.name):
        if info.name == "catalog":
            continue
        module = importlib.import_module(f"i18n.{info.name}")
        for lang, attr in (("sv", "SV"), ("en", "EN")):
            texts: dict[str, str] = getattr(module, attr, {})
            duplicate = merged[lang].keys() & texts.keys()
            if duplicate:
                raise KeyError(f"i18n.{info.name} redefines {sorted(duplicate)}")
            merged[lang].update(texts)
    return merged


def t(lang: str, key: str, /, **kwargs: object) -> str:
    """The message ``key`` in ``lang`` (Swedish when missing), formatted with ``kwargs``."""
    cats = catalogues()
    template = cats.get(lang, cats["sv"]).get(key) or cats["sv"][key]
    return template.format(**kwargs) if kwargs else template


def t_kind(lang: str, key: str, kind: str | None, /, **kwargs: object) -> str:
    """Like :func:`t`, preferring the report kind's own text ``<key>@<kind>`` when there
    is one (``report.step.title@steering``: "Tertialrapport …" instead of "Månadsrapport …")."""
    if kind:
        variant = f"{key}@{kind}"
        if variant in catalogues()["sv"]:
            return t(lang, variant, **kwargs)
    return t(lang, key, **kwargs)


def pick_language(default: str, user_locale: str | None) -> str:
    """LANGUAGE=en, or a user whose Teams locale is English, gets English."""
    if default == "en":
        return "en"
    if user_locale and user_locale.lower().startswith("en"):
        return "en"
    return "sv"
