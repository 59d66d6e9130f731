"""Engine and session creation from a plain ``DATABASE_URL``.

``sqlite:///path`` and ``postgresql://user:pw@host/db`` are accepted; the drivers are
picked here: SQLite on the event loop's thread (``storage.sqlite_inline``) or aiosqlite, and
asyncpg for PostgreSQL in the async server; sqlite3 / psycopg for the sync tools (migrations,
admin CLI, imports).

asyncpg rather than psycopg for the server: a report card step runs ten statements, and
measured in ``bench/report_turns.py --production`` psycopg's async path (its Python-level
generators around every query, pipeline and result) was a fifth of the bot's CPU; with
asyncpg (protocol and type conversion in C, statements prepared once per connection) a step
took 12 ms of CPU instead of 22 on the same run's machine.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

logger = logging.getLogger(__name__)


def _split_scheme(url: str) -> tuple[str, str]:
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL: {url!r}")
    return scheme.split("+", 1)[0].lower(), rest


def async_url(url: str) -> str:
    scheme, rest = _split_scheme(url)
    if scheme == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if scheme in {"postgresql", "postgres"}:
        return f"postgresql+{'psycopg' if uses_psycopg(url) else 'asyncpg'}://{rest}"
    raise ValueError(f"unsupported database: {scheme}")


def uses_psycopg(url: str) -> bool:
    """``postgresql+psycopg://…`` asks for psycopg in the server too (e.g. behind a
    connection pooler that cannot keep asyncpg's prepared statements); any other PostgreSQL
    URL gets asyncpg."""
    return url.partition("://")[0].lower().endswith("+psycopg")


def sync_url(url: str) -> str:
    scheme, rest = _split_scheme(url)
    if scheme == "sqlite":
        return f"sqlite+pysqlite://{rest}"
    if scheme in {"postgresql", "postgres"}:
        return f"postgresql+psycopg://{rest}"
    raise ValueError(f"unsupported database: {scheme}")


def is_sqlite(url: str) -> bool:
    return _split_scheme(url)[0] == "sqlite"


def sqlite_path(url: str) -> str | None:
    """The file path of a SQLite URL (None for in-memory databases)."""
    raw = url.split("://", 1)[1].split("?", 1)[0]
    path = raw[1:] if raw.startswith("/") else raw
    return None if path in {"", ":memory:"} else path


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a SQLite file (``sqlite:///data/x.db``) if needed."""
    if not is_sqlite(url):
        return
    path = sqlite_path(url)
    if path:
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, busy_timeout_ms: int = 10000
                    ) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.close()


def _inline_sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    # Never wait inside SQLite on the event loop's thread: storage.sqlite_inline retries
    # SQLITE_BUSY with asyncio.sleep instead.
    _sqlite_pragmas(dbapi_connection, record, busy_timeout_ms=0)


def make_async_engine(url: str, *, threaded: bool = False, ping_idle_s: float = 2.0,
                      **kwargs: Any) -> AsyncEngine:
    """The async engine for ``url``. A SQLite file runs its statements on the event
    loop's thread (``storage.sqlite_inline``: no thread round trips) unless ``threaded``
    - for long analytical reads that must not hold the loop - picks aiosqlite's thread."""
    ensure_sqlite_dir(url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None and not threaded and "async_creator" not in kwargs:
            from storage.sqlite_inline import inline_creator

            kwargs["async_creator"] = inline_creator(str(Path(path).expanduser()))
            engine = create_async_engine(async_url(url), **kwargs)
            event.listen(engine.sync_engine, "connect", _inline_sqlite_pragmas)
            return engine
        engine = create_async_engine(async_url(url), **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: for the
    # kommunchef's roll-up (2,000 units) that was 1.6 s of compiling for 0.4 s of work. The
    # bot's queries are short OLTP reads that never win it back, so its sessions turn it off.
    target, connect_args = postgres_target(url, kwargs.pop("connect_args", {}))
    engine = create_async_engine(target, connect_args=connect_args, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        ping_when_idle(engine, ping_idle_s)
    return engine


def postgres_target(url: str, connect_args: dict[str, Any] | None = None
                    ) -> tuple[str | URL, dict[str, Any]]:
    """The server's engine URL and connect arguments for a PostgreSQL ``DATABASE_URL``
    (``connect_args``: the caller's own, which win), JIT off on either driver. Raises
    ValueError, by name, for a URL parameter the driver cannot honour."""
    extra = dict(connect_args or {})
    if uses_psycopg(url):
        return async_url(url), {"options": "-c jit=off", **extra}
    target, args = asyncpg_target(url)
    settings = {"jit": "off", **args.get("server_settings", {}),
                **extra.pop("server_settings", {})}
    return target, {**args, **extra, "server_settings": settings}


# asyncpg's connect() keywords a DATABASE_URL may carry as they are.
_ASYNCPG_KEYWORDS = frozenset({
    "host", "port", "passfile", "ssl", "target_session_attrs",
    "prepared_statement_cache_size",
})


def asyncpg_target(url: str) -> tuple[URL, dict[str, Any]]:
    """The asyncpg URL and connect arguments for a PostgreSQL ``DATABASE_URL`` written the
    libpq way (as for psql, psycopg or a cloud provider's connection string): ``sslmode``
    becomes asyncpg's ``ssl``, ``connect_timeout`` its ``timeout``, ``application_name``
    and ``options=-c name=value`` server settings. A parameter asyncpg has no meaning for
    is refused here, by name, rather than as a TypeError on the first connection."""
    target = make_url(async_url(url))
    query: dict[str, Any] = {}
    connect_args: dict[str, Any] = {}
    settings: dict[str, str] = {}
    for name, value in target.query.items():
        if not isinstance(value, str):
            raise ValueError(f"DATABASE_URL: parameter {name!r} is given more than once")
        if name == "sslmode":
            connect_args["ssl"] = value
        elif name in {"connect_timeout", "command_timeout"}:
            try:
                seconds = float(value)
            except ValueError:
                raise ValueError(f"DATABASE_URL: {name}={value!r} is not a number "
                                 "of seconds") from None
            connect_args["timeout" if name == "connect_timeout" else name] = seconds
        elif name == "application_name":
            settings["application_name"] = value
        elif name == "options":
            settings.update(_server_options(value))
        elif name in _ASYNCPG_KEYWORDS:
            query[name] = value
        else:
            raise ValueError(
                f"DATABASE_URL: parameter {name!r} is not supported (supported: sslmode, "
                f"connect_timeout, command_timeout, application_name, options, "
                f"{', '.join(sorted(_ASYNCPG_KEYWORDS))})")
    if settings:
        connect_args["server_settings"] = settings
    return target.set(query=query), connect_args


def _server_options(options: str) -> dict[str, str]:
    """``-c name=value --other=value`` (libpq's ``options``) as server settings."""
    settings: dict[str, str] = {}
    words = iter(options.split())
    for word in words:
        if word == "-c":
            pair = next(words, "")
        elif word.startswith(("-c", "--")):
            pair = word[2:]
        else:
            pair = ""
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"DATABASE_URL: options={options!r}: only '-c name=value' "
                             "settings are supported")
        settings[name] = value
    return settings


def ping_when_idle(engine: AsyncEngine, idle_s: float) -> None:
    """Ping a pooled connection before use only when it has been idle for ``idle_s`` seconds
    or more (the server or a proxy may have dropped it meanwhile); a dead one is replaced
    transparently. SQLAlchemy's ``pool_pre_ping`` pings on every checkout - a round trip per
    transaction that a busy bot does not need for a connection it used a moment ago."""
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < idle_s:
            return  # new, or used a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure: the pool takes a new one
            logger.info("pooled database connection dead after %.0f s idle; replacing it",
                        time.monotonic() - since)
            raise DisconnectionError() from exc


_IDLE_SINCE = "malbot_idle_since"


def make_sync_engine(url: str, **kwargs: Any) -> Engine:
    ensure_sqlite_dir(url)
    engine = create_engine(sync_url(url), **kwargs)
    if is_sqlite(url):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
