"""Use cases: each owns its transaction and returns :mod:`followup` data.

Entry points (``dialogs``, ``admin``, ``scheduler``) parse input, call a service and render
the answer; services call ``storage`` (SQL) and ``cards`` (presenters). The direction is
guarded by the import-linter contract in ``pyproject.toml`` (``make lint``).
"""
