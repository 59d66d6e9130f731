"""A PostgreSQL ``DATABASE_URL`` written the libpq way (as psql, psycopg and cloud
providers' connection strings write it) works for the server's asyncpg engine; a parameter
asyncpg cannot honour is refused by name when the settings load, not on the first turn."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from config import SettingsError, load_settings
from storage.db import asyncpg_target, make_async_engine


def _with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


async def test_libpq_parameters_reach_the_server(postgres_url: str) -> None:
    url = _with_query(postgres_url, "sslmode=disable&application_name=malbot-test"
                      "&connect_timeout=5&options=-c%20statement_timeout%3D4321")
    engine = make_async_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            row = (await conn.execute(text(
                "SELECT current_setting('application_name'), "
                "current_setting('statement_timeout'), current_setting('jit')"))).one()
    finally:
        await engine.dispose()
    assert tuple(row) == ("malbot-test", "4321ms", "off")  # jit stays off (storage.db)


@pytest.mark.parametrize(("query", "message"), [
    ("sslcompression=1", "parameter 'sslcompression' is not supported"),
    ("connect_timeout=soon", "connect_timeout='soon' is not a number of seconds"),
    ("options=-x", "only '-c name=value' settings are supported"),
    ("sslmode=require&sslmode=disable", "'sslmode' is given more than once"),
])
def test_unusable_parameter_is_refused_when_settings_load(query: str, message: str) -> None:
    env = {"DATABASE_URL": f"postgresql://malbot@db.example.se/malbot?{query}"}
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        load_settings(env, dotenv=False)


def test_sslmode_becomes_asyncpg_ssl() -> None:
    target, args = asyncpg_target("postgresql://u@db.example.se:6432/malbot?sslmode=verify-full")
    assert target.drivername == "postgresql+asyncpg"
    assert (target.host, target.port, dict(target.query)) == ("db.example.se", 6432, {})
    assert args == {"ssl": "verify-full"}


async def test_psycopg_on_request(postgres_url: str) -> None:
    """``postgresql+psycopg://`` keeps psycopg in the server (a pooler that cannot keep
    prepared statements); its libpq parameters go to libpq unchanged."""
    url = _with_query(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1),
                      "application_name=malbot-psycopg")
    engine = make_async_engine(url, pool_size=1, max_overflow=0)
    try:
        assert engine.dialect.driver == "psycopg"
        async with engine.connect() as conn:
            row = (await conn.execute(text(
                "SELECT current_setting('application_name'), current_setting('jit')"))).one()
    finally:
        await engine.dispose()
    assert tuple(row) == ("malbot-psycopg", "off")
    assert make_async_engine(postgres_url).dialect.driver == "asyncpg"
