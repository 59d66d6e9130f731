"""``sync-people`` and the Graph client against a local fake Entra ID + Graph (HTTPS)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from admin.cli import main
from graph.client import (
    GraphClient,
    GraphConfig,
    GraphConfigError,
    GraphError,
    retry_after_seconds,
)
from services.people_sync import sync_people
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import Person
from testing.decision_fixtures import (
    ADMIN_AAD,
    ALEX_AAD,
    BO_AAD,
    CIA_AAD,
    LEE_AAD,
    MEGAN_AAD,
    seed_decision_org,
)
from testing.fake_graph import FakeGraph

APP_ID = "33333333-aaaa-bbbb-cccc-000000000003"


@pytest.fixture
async def fake() -> AsyncIterator[FakeGraph]:
    async with FakeGraph(page_size=2) as graph:
        graph.add_user("Megan Bowen", "meganb@example.com", object_id=MEGAN_AAD)
        graph.add_user("Alex Wilber (SOC)", "alexw@example.com", object_id=ALEX_AAD)
        graph.add_user("Adele Vance", "adelev@example.com",
                       object_id="00000000-0000-0000-0000-0000000000022")
        graph.add_user("Bo Berg", "bob@example.com", object_id=BO_AAD, enabled=False)
        graph.add_user("Cia Carlsson", "cia.carlsson@sjovik.onmicrosoft.com", mail="",
                       object_id=CIA_AAD)
        graph.add_user("Ada Admin", "admin@example.com", object_id=ADMIN_AAD)
        graph.add_user("Nina Ny", "nina.ny@example.com",
                       object_id="44444444-0000-0000-0000-000000000044")
        graph.add_user("Someone Else", "else@example.com")
        yield graph


@pytest.fixture
def org_db(sqlite_url: str) -> str:
    seed_decision_org(sqlite_url)
    engine = create_engine(sync_url(sqlite_url))
    with Session(engine) as session, session.begin():
        # imported by e-mail, not yet linked to Entra ID
        session.add(Person(name="Nina", email="NINA.NY@example.com"))
    engine.dispose()
    return sqlite_url


def _people(url: str) -> dict[str, Person]:
    engine = create_engine(sync_url(url))
    with Session(engine) as session:
        rows = {p.email: p for p in session.execute(select(Person)).scalars() if p.email}
        session.expunge_all()
    engine.dispose()
    return {k.lower(): v for k, v in rows.items()}


async def _admin(monkeypatch: pytest.MonkeyPatch, url: str, fake: FakeGraph,
                 capsys: pytest.CaptureFixture[str], *args: str,
                 **env: str) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_DEMO", "false")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("TEAMS_APP_CATALOG_ID", raising=False)
    for key, value in fake.env(**env).items():
        monkeypatch.setenv(key, value)
    # main() runs its own event loop; the fake lives in this one
    code = await asyncio.to_thread(main, ["sync-people", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def test_sync_people_resolves_renames_and_marks_missing(
    org_db: str, fake: FakeGraph, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = await _admin(monkeypatch, org_db, fake, capsys)
    assert code == 0, err
    assert "6 personer hittade" in out and "2 saknas i katalogen" in out
    assert "Saknas i katalogen: leeg@example.com" in out
    assert "Saknas i katalogen: bob@example.com" in out  # disabled account
    people = _people(org_db)
    assert people["nina.ny@example.com"].aad_object_id == "44444444-0000-0000-0000-000000000044"
    assert people["nina.ny@example.com"].name == "Nina Ny"
    assert people["alexw@example.com"].name == "Alex Wilber (SOC)"
    assert people["leeg@example.com"].directory_missing is True
    assert people["bob@example.com"].directory_missing is True
    assert people["meganb@example.com"].directory_missing is False
    # paging: 8 users, 2 per page → 4 list calls, each after the first by @odata.nextLink
    lists = [r for r in fake.graph_calls() if r.path == "/v1.0/users"]
    assert len(lists) == 4
    assert [r.query.get("$skiptoken") for r in lists] == [None, "2", "4", "6"]
    # Lee is not in the listing: looked up directly by object id, 404
    assert fake.graph_calls(f"/users/{LEE_AAD}")
    assert fake.token_requests == 1  # MSAL caches the token
    assert all(r.authorization and r.authorization.startswith("Bearer ")
               for r in fake.graph_calls())

    # a second run changes nothing
    code, out, _ = await _admin(monkeypatch, org_db, fake, capsys)
    assert code == 0 and "0 uppdaterade" in out


async def test_person_found_again_is_unmarked(org_db: str, fake: FakeGraph,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    await _admin(monkeypatch, org_db, fake, capsys)
    assert _people(org_db)["leeg@example.com"].directory_missing is True
    fake.add_user("Lee Gu", "leeg@example.com", object_id=LEE_AAD)
    code, out, _ = await _admin(monkeypatch, org_db, fake, capsys)
    assert code == 0 and "1 saknas i katalogen" in out
    assert _people(org_db)["leeg@example.com"].directory_missing is False


async def test_dry_run_saves_nothing(org_db: str, fake: FakeGraph,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await _admin(monkeypatch, org_db, fake, capsys, "--dry-run")
    assert code == 0 and "Provkörning" in out
    assert _people(org_db)["leeg@example.com"].directory_missing is False
    assert _people(org_db)["nina.ny@example.com"].aad_object_id is None


async def test_teams_app_is_installed_for_managers_without_it(
    org_db: str, fake: FakeGraph, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake.installed[MEGAN_AAD] = {APP_ID}
    code, out, err = await _admin(monkeypatch, org_db, fake, capsys,
                                  TEAMS_APP_CATALOG_ID=APP_ID)
    assert code == 0, err
    # managers today: Megan (had it), Alex, Adele, Cia; Lee and Bo are missing
    assert "Teams-appen: 3 installerade, 1 hade den redan, 0 misslyckades." in out
    assert fake.installed[ALEX_AAD] == {APP_ID} and fake.installed[CIA_AAD] == {APP_ID}
    assert LEE_AAD not in fake.installed and BO_AAD not in fake.installed
    posts = [r for r in fake.requests if r.method == "POST" and "installedApps" in r.path]
    assert len(posts) == 3
    code, out, _ = await _admin(monkeypatch, org_db, fake, capsys,
                                TEAMS_APP_CATALOG_ID=APP_ID)
    assert "0 installerade, 4 hade den redan" in out
    assert len([r for r in fake.requests if r.method == "POST"]) == 3


async def test_wrong_secret_and_missing_settings(org_db: str, fake: FakeGraph,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = await _admin(monkeypatch, org_db, fake, capsys,
                                GRAPH_CLIENT_SECRET="wrong")
    assert code == 2 and "invalid_client" in err and "AADSTS7000215" in err
    with pytest.raises(GraphConfigError, match="GRAPH_CLIENT_SECRET"):
        GraphConfig.from_env({"GRAPH_TENANT_ID": "t", "GRAPH_CLIENT_ID": "c"})
    with pytest.raises(GraphConfigError, match="https"):
        GraphConfig.from_env({**fake.env(), "GRAPH_BASE_URL": "http://127.0.0.1:1/v1.0"})


# --------------------------------------------------------------------------- the client


async def _client(fake: FakeGraph, waits: list[float], **overrides: Any
                  ) -> tuple[GraphClient, aiohttp.ClientSession]:
    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    config = GraphConfig.from_env(fake.env())
    if overrides:
        from dataclasses import replace

        config = replace(config, **overrides)
    http = aiohttp.ClientSession()
    return GraphClient(config, http, sleep=record_sleep), http


async def test_429_retry_after_is_honoured(fake: FakeGraph) -> None:
    waits: list[float] = []
    client, http = await _client(fake, waits)
    fake.fail_next("/v1.0/users", status=429, retry_after="7")
    fake.fail_next("/v1.0/users", status=503, retry_after=None)
    try:
        users = [u async for u in client.iter_users()]
    finally:
        await http.close()
    assert len(users) == 8
    assert waits[0] == 7.0  # exactly what Graph asked for
    assert 2.0 <= waits[1] < 2.5  # no Retry-After: back-off 2^(attempt-1) s plus jitter
    statuses = [r.path for r in fake.graph_calls("/v1.0/users")]
    assert len(statuses) == 4 + 2  # two refused attempts, then the four pages


async def test_throttling_gives_up_after_bounded_attempts(fake: FakeGraph) -> None:
    waits: list[float] = []
    client, http = await _client(fake, waits, max_attempts=3, max_retry_after=30.0)
    fake.fail_next("/v1.0/users", status=429, retry_after="600", times=5)
    try:
        with pytest.raises(GraphError) as info:
            [u async for u in client.iter_users()]
    finally:
        await http.close()
    assert info.value.status == 429 and info.value.code == "TooManyRequests"
    assert waits == [30.0, 30.0]  # capped, and only between the three attempts


async def test_404_is_none_and_other_errors_raise(fake: FakeGraph) -> None:
    waits: list[float] = []
    client, http = await _client(fake, waits)
    try:
        assert await client.get_user("nobody@example.com") is None
        megan = await client.get_user("MeganB@example.com")
        assert megan is not None and megan.id == MEGAN_AAD
        fake.fail_next("/v1.0/users/", status=500, retry_after=None)
        with pytest.raises(GraphError):
            await client.get_user("meganb@example.com")
    finally:
        await http.close()


def test_retry_after_formats() -> None:
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("") is None and retry_after_seconds("soon") is None
    now = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)
    assert retry_after_seconds("Wed, 04 Nov 2026 09:30:45 GMT", now) == 45.0


async def test_sync_function_with_recorded_sleep(org_db: str, fake: FakeGraph) -> None:
    """The same sync, called directly, rides out throttling in the middle of paging."""
    waits: list[float] = []
    client, http = await _client(fake, waits)
    fake.fail_next("/v1.0/users", status=429, retry_after="3")
    engine = make_async_engine(org_db)
    try:
        report = await sync_people(make_sessionmaker(engine), client, dry_run=False,
                                   install_app=False, today=date(2026, 11, 4),
                                   now=datetime(2026, 11, 4, 9, 30, tzinfo=UTC))
    finally:
        await http.close()
        await engine.dispose()
    assert waits == [3.0]
    assert report.found == 6 and sorted(report.missing) == ["bob@example.com",
                                                           "leeg@example.com"]


async def test_employees_get_the_unit_their_directory_manager_runs(
    org_db: str, fake: FakeGraph, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from storage.models import Employment, ManagerAssignment, OrgUnit

    adele = "00000000-0000-0000-0000-0000000000022"
    fake.set_manager("44444444-0000-0000-0000-000000000044", adele)  # Nina → Adele
    code, out, err = await _admin(monkeypatch, org_db, fake, capsys)
    assert code == 0, err
    assert "1 medarbetare placerade" in out
    assert fake.graph_calls("/users/44444444-0000-0000-0000-000000000044/manager")
    engine = create_engine(sync_url(org_db))
    with Session(engine) as session:
        placed = session.execute(
            select(OrgUnit.code).join(Employment, Employment.unit_id == OrgUnit.id)
            .join(Person, Person.id == Employment.person_id)
            .where(Person.email == "NINA.NY@example.com")).scalars().all()
        adele_units = session.execute(
            select(OrgUnit.code).join(ManagerAssignment, ManagerAssignment.unit_id == OrgUnit.id)
            .join(Person, Person.id == ManagerAssignment.person_id)
            .where(Person.aad_object_id == adele)).scalars().all()
    engine.dispose()
    assert len(placed) == 1 and placed[0] in adele_units
    # Managers are not placed; a second run moves nobody.
    code, out, _ = await _admin(monkeypatch, org_db, fake, capsys)
    assert code == 0 and "placerade" not in out
