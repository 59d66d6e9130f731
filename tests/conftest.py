"""Shared fixtures: a migrated database (SQLite file, PostgreSQL when configured),
the demo organisation, and a running bot with a fake Bot Connector."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage.db import sync_url
from storage.migrate import upgrade
from testing.harness import BotHarness, make_settings

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
# A fixed "now" inside the October 2026 period (opened 2 Nov, deadline Fri 6 Nov 16.00).
DEMO_NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


def _fresh_postgres_database() -> str:
    """A new, empty database on the test PostgreSQL server."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(sync_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, _ = POSTGRES_URL.rpartition("/")
    return f"{base}/{name}"


def _drop_postgres_database(url: str) -> None:
    name = url.rpartition("/")[2]
    admin = create_engine(sync_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _db_params() -> list[object]:
    params: list[object] = ["sqlite"]
    params.append(
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL not set"),
        )
    )
    return params


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'malbot.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=_db_params())
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: SQLite, and PostgreSQL when TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'malbot.db'}"
        upgrade(url)
        yield url
        return
    url = _fresh_postgres_database()
    try:
        upgrade(url)
        yield url
    finally:
        _drop_postgres_database(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL not set")
    url = _fresh_postgres_database()
    try:
        upgrade(url)
        yield url
    finally:
        _drop_postgres_database(url)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo kommun seeded once into a SQLite file; tests copy it."""
    from demo.seed import seed_if_empty

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    seed_if_empty(url, now=DEMO_NOW)
    return path


@pytest.fixture(scope="session")
def demo_postgres_template() -> Iterator[str]:
    """The demo kommun seeded once into a PostgreSQL database; tests clone it
    (``CREATE DATABASE … TEMPLATE``)."""
    from demo.seed import seed_if_empty

    url = _fresh_postgres_database()
    try:
        upgrade(url)
        seed_if_empty(url, now=DEMO_NOW)
        yield url.rpartition("/")[2]
    finally:
        _drop_postgres_database(url)


def _clone_postgres_database(template: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(sync_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return f"{POSTGRES_URL.rpartition('/')[0]}/{name}"


@pytest.fixture(params=_db_params())
def demo_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A copy of the demo kommun: SQLite, and PostgreSQL when TEST_POSTGRES_URL is set
    (every conversation test runs on both)."""
    if request.param == "sqlite":
        import shutil

        path = tmp_path / "demo.db"
        shutil.copy(request.getfixturevalue("demo_template"), path)
        yield f"sqlite:///{path}"
        return
    url = _clone_postgres_database(request.getfixturevalue("demo_postgres_template"))
    try:
        yield url
    finally:
        _drop_postgres_database(url)


def fixed_clock(at: datetime = DEMO_NOW):  # type: ignore[no-untyped-def]
    return lambda: at


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[BotHarness]:
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock()) as harness:
        yield harness


@pytest.fixture
async def demo_bot(demo_url: str) -> AsyncIterator[BotHarness]:
    async with BotHarness(make_settings(demo_url), clock=fixed_clock()) as harness:
        yield harness
