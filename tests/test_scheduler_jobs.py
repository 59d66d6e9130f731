"""The reconcile jobs at fixed moments of the October 2026 period (Swedish calendar).

October 2026 opens Monday 2 November 08:00, reminds Wednesday 4 and Friday 6 November
09:00, has its deadline Friday 6 November 16:00, escalates Monday 9 November 09:00 and
closes Monday 30 November 23:59 (Europe/Stockholm).
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot
from admin.cli import main as admin_main
from config import Settings
from scheduler.clock import running_clock
from scheduler.delivery import AgentsTransport, DeliveryConfig, DeliveryWorker
from scheduler.jobs import reconcile_all, run_job
from scheduler.leader import LeaseLeader
from services.round_rules import Job
from storage.db import make_async_engine, make_sessionmaker
from storage.leases import lease_holder
from storage.models import OutboxMessage
from testing.adaptive_card_check import iter_actions
from testing.fake_connector import FakeConnector
from testing.harness import BotHarness, make_settings
from testing.org_builder import OrgBuilder, conversation_id_for

SE = ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SE)


@dataclass
class Kommun:
    url: str
    settings: Settings
    sm: async_sessionmaker[AsyncSession]
    units: dict[str, int]
    people: dict[str, int]

    async def run(self, when: datetime) -> None:
        await reconcile_all(self.sm, self.settings, when)

    async def messages(self) -> list[tuple[str, str, str | None]]:
        """(kind, person, unit) of every outbox row, sorted."""
        names = {v: k for k, v in self.people.items()}
        units = {v: k for k, v in self.units.items()}
        async with self.sm() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        return sorted(
            (r.kind, names[r.person_id or 0], units.get(r.unit_id or 0)) for r in rows
        )

    async def rows(self) -> list[OutboxMessage]:
        async with self.sm() as session:
            return list((await session.execute(select(OutboxMessage))).scalars())


@pytest.fixture
async def kommun(sqlite_url: str) -> AsyncIterator[Kommun]:
    units: dict[str, int] = {}
    people: dict[str, int] = {}
    with OrgBuilder(sqlite_url) as org:
        for name in ("megan", "alex", "adele", "bob", "carl", "dora", "erik"):
            people[name] = org.person(name.title(), f"aad-{name}")
        units["K"] = org.unit("K", "Kommunen", kind="kommun")
        units["F"] = org.unit("F", "Förvaltningen", units["K"], kind="forvaltning")
        for code, name in (("U1", "Enhet Ett"), ("U2", "Enhet Två"), ("U3", "Enhet Tre"),
                           ("U4", "Enhet Fyra"), ("U5", "Enhet Fem")):
            units[code] = org.unit(code, name, units["F"])
        org.manage(units["K"], people["megan"])
        org.manage(units["F"], people["alex"])
        org.manage(units["U1"], people["adele"])
        org.manage(units["U2"], people["bob"])
        org.manage(units["U2"], people["carl"], role="acting",
                   valid_from=date(2026, 11, 4), valid_to=date(2026, 11, 20))
        org.manage(units["U3"], people["dora"])  # no goals: never prompted
        org.manage(units["U5"], people["erik"])  # only an old goal: never prompted
        org.goal(units["F"], "economy")
        org.goal(units["U1"], "citizens")
        org.goal(units["U1"], "economy", "Budget i balans")
        org.goal(units["U2"], "employees")
        org.goal(units["U4"], "operations")  # nobody in charge
        org.goal(units["U5"], valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31))
    engine = make_async_engine(sqlite_url)
    yield Kommun(sqlite_url, make_settings(sqlite_url), make_sessionmaker(engine), units, people)
    await engine.dispose()


def submit(kommun: Kommun, unit: str, status: str = "submitted") -> None:
    with OrgBuilder(kommun.url) as org:
        org.report(kommun.units[unit], "2026-10", status)


async def test_prompts_go_out_on_the_open_date_to_every_manager_with_goals(
    kommun: Kommun,
) -> None:
    await kommun.run(at(2, 7, 59))
    assert await kommun.messages() == []  # not open yet
    report = await run_job(kommun.sm, kommun.settings, Job.OPEN, now=at(2, 8))
    # One prompt per person (issue 17 §8): Alex's lists Förvaltningen and Enhet Fyra.
    assert report.queued == 3 and report.orphan_units == []
    assert report.stood_in_units == [("Enhet Fyra", "Alex")]
    await kommun.run(at(2, 8, 1))  # a second run queues nothing new
    assert await kommun.messages() == [
        ("prompt", "adele", "U1"), ("prompt", "alex", None), ("prompt", "bob", "U2"),
    ]
    rows = await kommun.rows()
    assert {r.next_attempt_at for r in rows} == {at(2, 8)}
    adele = next(r for r in rows if r.person_id == kommun.people["adele"])
    assert "Enhet Ett" in adele.payload["text"] and "fredag 6 november kl. 16.00" in (
        adele.payload["text"])
    # The report feature's prompt card: the unit's goals and a button that opens its report.
    card = adele.payload["card"]
    assert card["version"] == "1.5"
    unit_block = card["body"][2]["items"]
    assert unit_block[0]["text"] == "Enhet Ett"
    assert [f["title"] for f in unit_block[1]["facts"]] == ["Medborgare", "Ekonomi"]
    (button,) = unit_block[-1]["actions"]
    assert (button["verb"], button["data"]) == (
        "report.open", {"unit": kommun.units["U1"], "period": "2026-10"})
    # Enhet Fyra has no manager: the nearest leader gets it, and the card says why. Alex
    # gets one prompt for both his units (issue 17 §8), with a button for each.
    alex = next(r for r in rows if r.person_id == kommun.people["alex"])
    assert "Förvaltningen och Enhet Fyra" in alex.payload["text"]
    assert "Enheten saknar chef – du ansvarar för den som närmaste chef" in str(alex.payload)
    opened = {a["data"]["unit"] for a in iter_actions(alex.payload["card"])
              if a.get("verb") == "report.open"}
    assert opened == {kommun.units["F"], kommun.units["U4"]}


async def test_an_acting_manager_gets_the_prompts_for_the_dates_they_act(kommun: Kommun) -> None:
    await kommun.run(at(2, 8))
    await kommun.run(at(4, 8, 30))  # Carl acts for Enhet Två from 4 November
    await kommun.run(at(4, 9))
    u2 = [m for m in await kommun.messages() if m[2] == "U2"]
    assert u2 == [("prompt", "bob", "U2"), ("prompt", "carl", "U2"),
                  ("reminder-1", "carl", "U2")]


async def test_reminders_skip_submitted_units_and_never_exceed_the_configured_ones(
    kommun: Kommun,
) -> None:
    await kommun.run(at(2, 8))
    submit(kommun, "U1")
    submit(kommun, "F", "draft")  # a draft is not submitted: reminded
    for moment in (at(4, 9), at(4, 9, 1), at(4, 15), at(5, 10), at(6, 9), at(6, 12),
                   at(6, 15, 59), at(6, 16), at(9, 10)):
        await kommun.run(moment)
    reminders = [m for m in await kommun.messages() if m[0].startswith("reminder")]
    assert reminders == [
        ("reminder-1", "alex", None), ("reminder-1", "carl", "U2"),
        ("reminder-2", "alex", None), ("reminder-2", "carl", "U2"),
    ]
    draft = next(r for r in await kommun.rows() if r.kind == "reminder-1" and r.person_id
                 == kommun.people["alex"])
    assert "Förvaltningen och Enhet Fyra" in draft.payload["text"]
    assert "påbörjat utkast" in draft.payload["text"]
    banner = draft.payload["card"]["body"][0]["text"]
    assert banner.startswith("Påminnelse: månadsuppföljning oktober 2026")


async def test_a_reminder_is_not_sent_once_the_report_is_submitted(kommun: Kommun) -> None:
    await kommun.run(at(4, 9))
    submit(kommun, "U2")  # Carl submits before the worker gets to his reminder
    async with FakeConnector() as fake:
        with OrgBuilder(kommun.url) as org:
            for name in ("alex", "adele", "carl"):
                org.reference(kommun.people[name], f"aad-{name}", fake.url)
        adapter, _, _ = bot.build_adapter(kommun.settings)
        worker = DeliveryWorker(kommun.sm, AgentsTransport(adapter, kommun.settings),
                                DeliveryConfig(rate_per_s=100), calendar=kommun.settings.calendar,
                                clock=running_clock(at(4, 9, 1)))
        await worker.drain()
        await worker.transport.close()
    statuses = {(r.kind, r.person_id): r.status for r in await kommun.rows()}
    carl = kommun.people["carl"]
    assert statuses[("reminder-1", carl)] == "skipped"
    assert statuses[("prompt", carl)] == "skipped"
    assert statuses[("reminder-1", kommun.people["alex"])] == "sent"
    assert fake.messages(conversation_id_for(carl)) == []


async def test_each_leader_gets_one_escalation_listing_their_late_units(kommun: Kommun) -> None:
    submit(kommun, "U1")
    submit(kommun, "F", "draft")
    await kommun.run(at(9, 8, 59))
    assert [m for m in await kommun.messages() if m[0] == "escalation"] == []
    for moment in (at(9, 9), at(9, 9, 5), at(10, 11), at(20, 14)):
        await kommun.run(moment)
    escalations = [r for r in await kommun.rows() if r.kind == "escalation"]
    by_person = {r.person_id: r for r in escalations}
    assert len(escalations) == 2
    alex = by_person[kommun.people["alex"]].payload["text"]
    assert "Enhet Två (Carl): ej påbörjad" in alex
    assert "Enhet Fyra" not in alex and "Enhet Ett" not in alex
    megan = by_person[kommun.people["megan"]].payload["text"]
    assert "Förvaltningen (Alex): utkast" in megan and "Enhet Två" not in megan
    # Enhet Fyra has no manager: Alex answers for it, so it is escalated past him.
    assert "Enhet Fyra (Alex): ej påbörjad" in megan


async def test_a_bot_that_was_down_catches_up_and_skips_what_is_stale(kommun: Kommun) -> None:
    await kommun.run(at(6, 10))  # down since before the open date
    assert await kommun.messages() == [
        ("prompt", "adele", "U1"), ("prompt", "alex", None), ("prompt", "carl", "U2"),
        ("reminder-2", "adele", "U1"), ("reminder-2", "alex", None),
        ("reminder-2", "carl", "U2"),
    ]  # the first reminder's moment has passed: skipped, not sent late
    assert {r.next_attempt_at for r in await kommun.rows()} == {at(6, 10)}


async def test_after_the_deadline_only_the_escalation_catches_up(kommun: Kommun) -> None:
    await kommun.run(at(10, 10))
    # Prompts and reminders are not sent late; the escalation (and the leaders'
    # summary and the ask for their own analysis, due the same morning) are.
    assert {m[0] for m in await kommun.messages()} - {"summary", "level_prompt"} == {
        "escalation"}


async def test_quiet_hours_move_messages_to_the_next_allowed_moment(kommun: Kommun) -> None:
    await kommun.run(at(4, 19, 30))  # evening catch-up
    rows = await kommun.rows()
    assert rows and {r.next_attempt_at for r in rows} == {at(5, 7)}
    await kommun.run(at(7, 11))  # Saturday: the deadline passed, escalation not yet due
    assert not [r for r in await kommun.rows() if r.kind == "escalation"]


async def test_a_message_whose_window_ends_in_quiet_hours_is_not_queued(kommun: Kommun) -> None:
    # 30 November 20:00: the escalation window ends at 23:59 that night, the next allowed
    # moment is 1 December 07:00 - too late to make sense.
    report = await run_job(kommun.sm, kommun.settings, Job.ESCALATE, now=at(30, 20))
    assert report.queued == 0 and report.reason is not None
    assert await kommun.rows() == []


def test_admin_run_dry_run_then_for_real(
    kommun: Kommun, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", kommun.url)
    monkeypatch.setenv("LANGUAGE", "sv")
    monkeypatch.setenv("SCHEDULER_NOW", "2026-11-02T09:00:00+01:00")
    assert admin_main(["run", "open", "--period", "2026-10", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Adele" in out and "Enhet Ett" in out
    assert "3 meddelanden skulle köas (torrkörning" in out
    # listed as a unit without a manager, with who answers for it
    assert "Enheter utan chef (närmaste chef får meddelandet): Enhet Fyra (Alex)" in out

    assert admin_main(["run", "open"]) == 0
    assert "3 nya meddelanden i kön, 0 fanns redan" in capsys.readouterr().out
    assert admin_main(["run", "open", "--period", "2026-10"]) == 0
    assert "0 nya meddelanden i kön, 3 fanns redan" in capsys.readouterr().out

    assert admin_main(["run", "escalate", "--period", "2026-10"]) == 0
    assert "har inte passerat" in capsys.readouterr().out
    assert admin_main(["run", "remind", "--period", "2026-10"]) == 0  # takes reminder 1
    assert "3 nya meddelanden" in capsys.readouterr().out

    assert admin_main(["run", "open", "--period", "2026-07"]) == 2
    assert "följs inte upp" in capsys.readouterr().err
    assert admin_main(["run", "open", "--period", "oktober"]) == 2
    assert "ÅÅÅÅ-MM" in capsys.readouterr().err


async def test_on_sqlite_one_process_holds_the_scheduler_lease(kommun: Kommun) -> None:
    first = LeaseLeader(kommun.sm, ttl=timedelta(seconds=1.5))
    second = LeaseLeader(kommun.sm)
    assert await first.acquire_or_renew() is True
    assert await second.acquire_or_renew() is False
    await asyncio.sleep(1.6)  # first stopped renewing: its lease expired
    assert await second.acquire_or_renew() is True
    assert await first.acquire_or_renew() is False
    await second.release()

    # A holder on this host whose process died loses the lease at once (restart after a
    # crash does not wait for the lease to expire).
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    crashed = LeaseLeader(kommun.sm, holder=f"{socket.gethostname()}:{dead_pid.pid}:x")
    assert await crashed.acquire_or_renew() is True
    assert await first.acquire_or_renew() is True


async def test_the_running_bot_prompts_and_releases_its_lease_on_shutdown(
    kommun: Kommun,
) -> None:
    """Stopping the bot while a prompt is in flight: it is delivered and recorded as sent
    before the process lets go of the database, and the scheduler lease is released."""
    async with FakeConnector() as fake:
        with OrgBuilder(kommun.url) as org:
            for name in ("alex", "adele", "bob"):
                org.reference(kommun.people[name], f"aad-{name}", fake.url)
        slow = conversation_id_for(kommun.people["bob"])
        fake.hang_next(1, 1.5, conversation_id=slow)
        settings = make_settings(kommun.url, SCHEDULER_ENABLED="true",
                                 SCHEDULER_NOW="2026-11-02T08:00:05+01:00")
        async with BotHarness(settings, connector=fake):
            await fake.wait_for(2, timeout=20)
            async with kommun.sm() as session:
                assert await lease_holder(session, "scheduler") is not None
                statuses = (await session.scalars(
                    select(OutboxMessage.status).where(OutboxMessage.kind == "prompt"))).all()
            assert "sending" in statuses  # Bob's prompt is still on its way
        assert sorted(r.conversation_id for r in fake.messages()) == sorted(
            conversation_id_for(kommun.people[n]) for n in ("alex", "adele", "bob"))
    async with kommun.sm() as session:
        statuses = (await session.scalars(
            select(OutboxMessage.status).where(OutboxMessage.kind == "prompt"))).all()
        assert sorted(statuses) == ["sent", "sent", "sent"]
        assert await lease_holder(session, "scheduler") is None


def _add_decisions(kommun: Kommun) -> None:
    """Enhet Tre (Dora, no goals) has an open decision: its card goes out with ``open``;
    Enhet Ett's (Adele) is overdue: reminded with ``remind``."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from storage.db import sync_url
    from storage.models import Decision

    engine = create_engine(sync_url(kommun.url))
    try:
        with Session(engine) as session, session.begin():
            for reference, unit, due in (("KS 2026/1", "U3", date(2027, 3, 31)),
                                         ("KS 2026/2", "U1", date(2026, 10, 1))):
                session.add(Decision(reference=reference, decided_on=date(2026, 6, 1),
                                     decided_by="KS", title=f"Beslut {reference}",
                                     assignment="", unit_id=kommun.units[unit], due_date=due,
                                     status="not_started", created_at=at(1, 9, month=6)))
    finally:
        engine.dispose()


def _database_state(url: str) -> tuple[bytes, dict[str, str]]:
    from sqlalchemy import create_engine, inspect

    from storage.db import sync_url
    from testing.db_snapshot import table_digests

    engine = create_engine(sync_url(url))
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    path = url.removeprefix("sqlite:///")
    with open(path, "rb") as handle:
        content = handle.read()
    return content, table_digests(url, tables)


def _listed(out: str) -> set[tuple[str, str, str]]:
    """(kind, person, unit) of each message line ``python -m admin run`` prints."""
    import re

    found = set()
    for line in out.splitlines():
        match = re.match(r"^  (\S+)\s+(\S+)\s+(.+?)  \[", line)
        if match:
            unit = match.group(3)  # several units ("A, B"): the row has no unit of its own
            found.add((match.group(1), match.group(2), "" if ", " in unit else unit))
    return found


def _outbox_rows(kommun: Kommun) -> list[tuple[int, str, str, str]]:
    """(id, kind, person, unit name) of every outbox row."""
    from sqlalchemy import create_engine

    from storage.db import sync_url
    from storage.models import OrgUnit

    names = {v: k.title() for k, v in kommun.people.items()}
    engine = create_engine(sync_url(kommun.url))
    try:
        with engine.connect() as conn:
            units = {uid: name for uid, name in conn.execute(select(OrgUnit.id, OrgUnit.name))}
            rows = conn.execute(select(OutboxMessage.id, OutboxMessage.kind,
                                       OutboxMessage.person_id, OutboxMessage.unit_id)).all()
    finally:
        engine.dispose()
    # A message about several units (one prompt per person) has no unit of its own.
    return [(i, kind, names[p or 0], units[u] if u else "") for i, kind, p, u in rows]


def test_a_dry_run_writes_nothing_and_lists_what_the_real_run_queues(
    kommun: Kommun, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_decisions(kommun)
    monkeypatch.setenv("DATABASE_URL", kommun.url)
    monkeypatch.setenv("LANGUAGE", "sv")
    for job, now in (("open", "2026-11-02T09:00:00+01:00"),
                     ("remind", "2026-11-04T09:00:00+01:00")):
        monkeypatch.setenv("SCHEDULER_NOW", now)
        known = {row[0] for row in _outbox_rows(kommun)}
        before = _database_state(kommun.url)
        assert admin_main(["run", job, "--period", "2026-10", "--dry-run"]) == 0
        listed = _listed(capsys.readouterr().out)
        after = _database_state(kommun.url)
        assert after[1] == before[1], job  # no table changed (no period row, no job run)
        assert after[0] == before[0], job  # the file is byte for byte the same

        assert admin_main(["run", job, "--period", "2026-10"]) == 0
        capsys.readouterr()
        queued = {row[1:] for row in _outbox_rows(kommun) if row[0] not in known}
        assert listed == queued, job
        decision_kind = "decision_prompt" if job == "open" else "decision_reminder"
        decision_messages = {m for m in queued if m[0] == decision_kind}
        expected = ("Dora", "Enhet Tre") if job == "open" else ("Adele", "Enhet Ett")
        assert decision_messages == {(decision_kind, *expected)}, job


def test_admin_run_now_sends_at_once_in_local_mode(
    kommun: Kommun, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 17 §7: Wednesday 4 November 19.30, after the send window: without --now the
    # prompts wait for 07.00 the next morning; with --now (local mode) they are due at once.
    monkeypatch.setenv("DATABASE_URL", kommun.url)
    monkeypatch.setenv("LANGUAGE", "sv")
    monkeypatch.setenv("SCHEDULER_NOW", at(4, 19, 30).isoformat())
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "")
    assert admin_main(["run", "open", "--period", "2026-10", "--now"]) == 0
    out = capsys.readouterr().out
    assert "3 nya meddelanden i kön" in out and "skickar meddelandena nu" in out
    from sqlalchemy import create_engine

    from storage.db import sync_url

    engine = create_engine(sync_url(kommun.url))
    with engine.connect() as conn:
        due = set(conn.execute(select(OutboxMessage.next_attempt_at)).scalars())
    engine.dispose()
    # (SCHEDULER_NOW starts a running clock: a few milliseconds later)
    assert due and all(abs(d.replace(tzinfo=d.tzinfo or ZoneInfo("UTC")) - at(4, 19, 30))
                       < timedelta(minutes=1) for d in due)

    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "app-id")
    assert admin_main(["run", "remind", "--period", "2026-10", "--now"]) == 2
    assert "--now finns bara i lokalt läge" in capsys.readouterr().err
