"""The message catalogue is complete in both languages."""

from __future__ import annotations

import string

from i18n import t
from i18n.catalog import catalogues, pick_language


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_exists_in_swedish_and_english_with_the_same_fields() -> None:
    cats = catalogues()
    assert cats["sv"].keys() == cats["en"].keys()
    for key, sv_text in cats["sv"].items():
        assert _fields(sv_text) == _fields(cats["en"][key]), key


def test_language_choice() -> None:
    assert pick_language("sv", None) == "sv"
    assert pick_language("sv", "en-US") == "en"
    assert pick_language("sv", "sv-SE") == "sv"
    assert pick_language("en", "sv-SE") == "en"
    assert t("en", "help.title") == "What Målbot can do"
    assert t("fi", "help.title") == "Det här kan Målbot"
