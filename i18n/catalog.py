"""Look-up and language choice."""

from __future__ import annotations

from i18n import en, sv

SUPPORTED = ("sv", "en")
_CATALOGUES: dict[str, dict[str, str]] = {"sv": sv.MESSAGES, "en": en.MESSAGES}


def t(lang: str, key: str, /, **kwargs: object) -> str:
    """The message ``key`` in ``lang`` (Swedish when unknown), formatted with ``kwargs``."""
    catalogue = _CATALOGUES.get(lang, sv.MESSAGES)
    template = catalogue.get(key) or sv.MESSAGES[key]
    return template.format(**kwargs) if kwargs else template


def pick_language(default: str, user_locale: str | None) -> str:
    """LANGUAGE=en, or a user whose Teams locale is English, gets English."""
    if default == "en":
        return "en"
    if user_locale and user_locale.lower().startswith("en"):
        return "en"
    return "sv"
