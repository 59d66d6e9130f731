"""Import ``budget`` (see :mod:`services.importing.economy`)."""

from __future__ import annotations

from services.importing.economy import economy_kind

KIND = economy_kind("budget")
