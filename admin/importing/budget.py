"""Import ``budget`` (see :mod:`admin.importing.economy`)."""

from __future__ import annotations

from admin.importing.economy import economy_kind

KIND = economy_kind("budget")
