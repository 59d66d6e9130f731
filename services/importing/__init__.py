"""``python -m admin import KIND FILE``: validated, idempotent imports from Excel or CSV.

One module per kind (``org``, ``people``, ``managers``, ``goals``, ``decisions``,
``budget``, ``utfall``), each an
:class:`~services.importing.base.ImportKind`; :mod:`services.importing.runner` runs them and
:mod:`services.importing.templates` writes empty templates with the expected columns.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.importing.base import ImportKind

KIND_NAMES: tuple[str, ...] = ("org", "people", "managers", "goals", "decisions",
                               "delegation", "roles", "budget", "utfall")


def get_kind(name: str) -> ImportKind:  # the kind modules import SQLAlchemy: lazily
    """The import kind called ``name`` (KeyError when unknown)."""
    if name not in KIND_NAMES:
        raise KeyError(name)
    module = importlib.import_module(f"services.importing.{name}")
    kind: ImportKind = module.KIND
    return kind
