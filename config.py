"""Settings, read once from the environment (and an optional ``.env`` file).

``env.TEMPLATE`` documents every variable. Nothing here runs at import time:
call :func:`load_settings`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from followup.calendar import CalendarConfig
from followup.economy import EconomyConfig
from followup.individual import Cadence, parse_cadence
from followup.steering_year import SteeringYearConfig

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "malbot.db"

_SDK_PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


class SettingsError(ValueError):
    """A configuration value is missing or invalid."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on", "ja"}:
        return True
    if lowered in {"0", "false", "no", "off", "nej"}:
        return False
    raise SettingsError(f"not a boolean: {value!r}")


def _csv(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


#: In local anonymous mode (no Microsoft credentials) with ADMIN_AAD_IDS not set, Megan Bowen
#: of the Agents Playground (the demo kommunchef) is an administrator, so ``status`` and
#: ``nytt beslut`` can be tried locally (DESIGN.md §2 demo identities).
LOCAL_MODE_ADMIN_AAD_IDS = ("00000000-0000-0000-0000-0000000000021",)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    timezone: str = "Europe/Stockholm"
    language: str = "sv"
    environment: str = "development"
    allowed_tenants: tuple[str, ...] = ()
    admin_aad_ids: tuple[str, ...] = ()
    client_id: str = ""
    client_secret: str = ""
    tenant_id: str = ""
    anonymous_allowed: bool = True
    seed_demo: bool = True
    scheduler_enabled: bool = True
    outbox_rate_per_s: float = 40.0
    outbox_concurrency: int = 8
    outbox_max_attempts: int = 6
    public_base_url: str = ""
    download_secret: str = ""
    max_body_bytes: int = 256 * 1024
    #: A pooled PostgreSQL connection idle longer than this is pinged before use (a fresh
    #: or recently used one is not: a ping per checkout costs a round trip per statement batch).
    pool_ping_idle_s: float = 2.0
    log_level: str = "INFO"
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    steering_year: SteeringYearConfig = field(default_factory=SteeringYearConfig)
    #: How often employees check in on their individual goals (INDIVIDUAL_CHECKIN_CADENCE).
    individual_cadence: Cadence = Cadence.TERTIAL
    economy: EconomyConfig = field(default_factory=EconomyConfig)
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def production_auth(self) -> bool:
        """True when Microsoft credentials are configured: JWT validation is on."""
        return bool(self.client_id)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sdk_environment(self) -> dict[str, str]:
        """The Agents SDK's own variables (``CONNECTIONS__...``), for its config loader."""
        prefixes = ("CONNECTIONS", "AGENTAPPLICATION")
        sdk = {k: v for k, v in self.env.items() if k.startswith(prefixes)}
        if not self.client_id:
            sdk[f"{_SDK_PREFIX}ANONYMOUS_ALLOWED"] = "true"
        return sdk


def process_environment(*, dotenv: bool = True) -> dict[str, str]:
    """The process environment over the project folder's ``.env`` (the process wins)."""
    if not dotenv:
        return dict(os.environ)
    from dotenv import dotenv_values

    file_values = {
        k: v for k, v in dotenv_values(PROJECT_ROOT / ".env").items() if v is not None
    }
    return {**file_values, **os.environ}


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Read settings from ``env`` (default: the process environment plus ``.env``)."""
    if env is None:
        env = process_environment(dotenv=dotenv)
    language = env.get("LANGUAGE", "sv").strip().lower() or "sv"
    if language not in {"sv", "en"}:
        raise SettingsError(f"LANGUAGE must be 'sv' or 'en', got {language!r}")
    environment = env.get("ENVIRONMENT", "development").strip().lower() or "development"
    client_id = env.get(f"{_SDK_PREFIX}CLIENTID", "").strip()
    anonymous = _bool(env.get(f"{_SDK_PREFIX}ANONYMOUS_ALLOWED"), default=not client_id)
    if environment == "production" and (anonymous or not client_id):
        raise SettingsError(
            "ENVIRONMENT=production needs Microsoft credentials "
            f"({_SDK_PREFIX}CLIENTID/CLIENTSECRET/TENANTID) and refuses anonymous mode"
        )
    port = _int(env, "PORT", 3978)
    if not 0 <= port <= 65535:
        raise SettingsError(f"PORT out of range: {port}")
    database_url = env.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if not database_url.startswith(("sqlite", "postgresql", "postgres")):
        raise SettingsError("DATABASE_URL must be sqlite:///… or postgresql://…")
    if database_url.startswith("postgres"):
        from storage.db import postgres_target  # sqlalchemy only when the URL needs it

        try:
            postgres_target(database_url)
        except ValueError as exc:
            raise SettingsError(str(exc)) from exc
    try:
        calendar = CalendarConfig.from_env(env)
        steering_year = SteeringYearConfig.from_env(env)
        individual_cadence = parse_cadence(env.get("INDIVIDUAL_CHECKIN_CADENCE"))
        economy = EconomyConfig.from_env(env)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc
    # the calendar asks the steering year's longer periods (April: 2026-T1, once)
    calendar = dataclasses.replace(calendar, steering=steering_year)
    return Settings(
        calendar=calendar,
        steering_year=steering_year,
        individual_cadence=individual_cadence,
        economy=economy,
        host=env.get("HOST", "127.0.0.1").strip() or "127.0.0.1",
        port=port,
        database_url=database_url,
        timezone=env.get("TIMEZONE", "Europe/Stockholm").strip() or "Europe/Stockholm",
        language=language,
        environment=environment,
        allowed_tenants=_csv(env.get("ALLOWED_TENANTS")),
        admin_aad_ids=tuple(a.lower() for a in _csv(env.get("ADMIN_AAD_IDS")))
        or (LOCAL_MODE_ADMIN_AAD_IDS if not client_id and "ADMIN_AAD_IDS" not in env else ()),
        client_id=client_id,
        client_secret=env.get(f"{_SDK_PREFIX}CLIENTSECRET", ""),
        tenant_id=env.get(f"{_SDK_PREFIX}TENANTID", ""),
        anonymous_allowed=anonymous,
        seed_demo=_bool(env.get("SEED_DEMO"), default=True),
        scheduler_enabled=_bool(env.get("SCHEDULER_ENABLED"), default=True),
        outbox_rate_per_s=_float(env, "OUTBOX_RATE_PER_S", 40.0),
        outbox_concurrency=_int(env, "OUTBOX_CONCURRENCY", 8),
        outbox_max_attempts=_int(env, "OUTBOX_MAX_ATTEMPTS", 6),
        public_base_url=env.get("PUBLIC_BASE_URL", "").strip().rstrip("/"),
        download_secret=env.get("DOWNLOAD_SECRET", ""),
        max_body_bytes=_int(env, "MAX_BODY_BYTES", 256 * 1024),
        pool_ping_idle_s=_float(env, "DB_POOL_PING_IDLE_S", 2.0),
        log_level=env.get("LOG_LEVEL", "INFO").upper(),
        env=dict(env),
    )
