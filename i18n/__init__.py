"""Message catalogue: every user-facing sentence, in Swedish (default) and English.

Use :func:`t`; add new keys to both ``sv.py`` and ``en.py`` (a test checks they match).
"""

from __future__ import annotations

from i18n.catalog import SUPPORTED, pick_language, t, t_kind

__all__ = ["SUPPORTED", "pick_language", "t", "t_kind"]
