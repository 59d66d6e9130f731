"""The one recipient policy of proactive messages (issue 12, item 3).

People gone from the directory (``directory_missing``: removed from Entra ID or their
account disabled) and erased people get no notice of any kind — prompt, reminder,
escalation, summary, the leader's analysis prompt, decision prompt and reminder, the
"report changed" notice — while everybody else still gets theirs; and a notice queued
for someone who goes missing before it is sent is not sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config import Settings
from scheduler.delivery import DeliveryConfig, DeliveryWorker
from scheduler.jobs import run_job
from services.followup_rounds import reconcile_followups
from services.report_changes import notify_leaders_of_change
from services.round_rules import Job
from storage import outbox
from storage.db import make_async_engine, make_sessionmaker
from storage.models import Decision, OutboxMessage, Person
from testing.harness import make_settings
from testing.org_builder import OrgBuilder

SE = ZoneInfo("Europe/Stockholm")
PERIOD = "2026-10"
#: Missing from the directory: Dora (manages U1), Fia (leads F); erased: Erik (U2).
GONE = ("dora", "fia", "erik")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=SE)


@dataclass
class Kommun:
    settings: Settings
    sm: async_sessionmaker[AsyncSession]
    units: dict[str, int]
    people: dict[str, int]

    async def messages(self) -> dict[str, set[str]]:
        """Outbox kind (reminder slots folded) → the names of its recipients."""
        names = {v: k for k, v in self.people.items()}
        async with self.sm() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        out: dict[str, set[str]] = {}
        for row in rows:
            kind = "reminder" if row.kind.startswith("reminder") else row.kind
            out.setdefault(kind, set()).add(names[row.person_id or 0])
        return out

    async def mark_missing(self, name: str) -> None:
        async with self.sm() as session, session.begin():
            await session.execute(update(Person).where(Person.id == self.people[name])
                                  .values(directory_missing=True))


@pytest.fixture
async def kommun(any_db_url: str) -> AsyncIterator[Kommun]:
    """K (Megan) → F (Fia, missing) → U1 (Dora, missing), U2 (Erik, erased), U3 (Adele);
    K → F2 (Bea) → U4 (Gus). Every unit has a goal; F and F2 have an overdue decision."""
    units: dict[str, int] = {}
    people: dict[str, int] = {}
    with OrgBuilder(any_db_url) as org:
        for name in ("megan", "fia", "bea", "dora", "erik", "adele", "gus"):
            people[name] = org.person(name.title(), f"aad-{name}")
            org.reference(people[name], f"aad-{name}", "https://smba.example.test/")
        units["K"] = org.unit("K", "Kommunen", kind="kommun")
        units["F"] = org.unit("F", "Förvaltning Ett", units["K"], kind="forvaltning")
        units["F2"] = org.unit("F2", "Förvaltning Två", units["K"], kind="forvaltning")
        for code, parent in (("U1", "F"), ("U2", "F"), ("U3", "F"), ("U4", "F2")):
            units[code] = org.unit(code, f"Enhet {code}", units[parent])
            org.goal(units[code])
        for unit, person in (("K", "megan"), ("F", "fia"), ("F2", "bea"), ("U1", "dora"),
                             ("U2", "erik"), ("U3", "adele"), ("U4", "gus")):
            org.manage(units[unit], people[person])
        for number, unit in ((1, "F"), (2, "F2")):
            org.session.add(Decision(
                reference=f"KS 2026/{number}", decided_on=date(2026, 3, 1), decided_by="KS",
                title="Utred hemtjänsten", assignment="", unit_id=units[unit],
                due_date=date(2026, 10, 1), status="in_progress",
                created_at=datetime(2026, 3, 2, tzinfo=UTC)))
        for name in ("dora", "fia"):
            row = org.session.get(Person, people[name])
            assert row is not None
            row.directory_missing = True
        erik = org.session.get(Person, people["erik"])
        assert erik is not None
        erik.erased_at = datetime(2026, 10, 1, tzinfo=UTC)
    engine = make_async_engine(any_db_url)
    yield Kommun(make_settings(any_db_url), make_sessionmaker(engine), units, people)
    await engine.dispose()


async def test_people_gone_from_the_directory_or_erased_get_no_notice_of_any_kind(
    kommun: Kommun,
) -> None:
    settings, sm = kommun.settings, kommun.sm
    await run_job(sm, settings, Job.OPEN, now=at(2, 9))
    await run_job(sm, settings, Job.REMIND, now=at(4, 9), period=PERIOD)
    await run_job(sm, settings, Job.ESCALATE, now=at(9, 9))
    await reconcile_followups(sm, settings, at(9, 10))  # summaries, level and decision asks
    # Fia's summary went out before she left; then U1's submitted report is changed.
    async with sm() as session, session.begin():
        await outbox.enqueue(session, kind="summary", person_id=kommun.people["fia"],
                             period=PERIOD, unit_id=kommun.units["F"],
                             payload={"text": "Sammanställning"}, not_before=at(9, 9))
        await session.execute(update(OutboxMessage).where(OutboxMessage.kind == "summary")
                              .values(status="sent"))
        await notify_leaders_of_change(
            session, unit_id=kommun.units["U1"], period=PERIOD, changed_by="Adele",
            goal_titles=["Nöjda invånare"], now=at(10, 9), calendar=settings.calendar,
            lang="sv")

    got = await kommun.messages()
    got["summary"].discard("fia")  # the one put in by hand above
    # Everybody else still hears what they should (the test is not passing by silence).
    assert got == {
        "prompt": {"adele", "gus"},
        "reminder": {"adele", "gus"},
        "escalation": {"bea"},  # Fia's late units (U1, U2, U3) reach no one
        "summary": {"megan", "bea"},
        "level_prompt": {"megan", "bea"},
        "decision_prompt": {"bea"},
        "decision_reminder": {"bea"},
        "report_changed": {"megan"},  # not Fia, though her summary covered U1
    }
    # The only row for a gone person is the summary sent before she was marked missing.
    async with sm() as session:
        gone = {kommun.people[n] for n in GONE}
        rows = (await session.execute(select(OutboxMessage.kind).where(
            OutboxMessage.person_id.in_(gone)))).scalars().all()
    assert rows == ["summary"]


class _Recording:
    """A transport that records what it would post."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, reference: dict[str, Any], payload: Mapping[str, Any]) -> str | None:
        self.sent.append(str(reference["user"]["aadObjectId"]))
        return f"activity-{len(self.sent)}"

    async def create_personal_conversation(
        self, *, service_url: str, tenant_id: str | None, aad_object_id: str
    ) -> dict[str, Any]:
        raise AssertionError("every person has a stored conversation")

    async def close(self) -> None:
        return None


async def test_a_queued_notice_is_not_sent_once_its_recipient_is_gone_from_the_directory(
    kommun: Kommun,
) -> None:
    report = await run_job(kommun.sm, kommun.settings, Job.OPEN, now=at(2, 9))
    assert sorted(p.person_name for p in report.planned) == ["Adele", "Gus"]
    await kommun.mark_missing("adele")  # the directory sync, before the worker sends

    transport = _Recording()
    worker = DeliveryWorker(kommun.sm, transport, DeliveryConfig(poll_interval_s=0.05),
                            calendar=kommun.settings.calendar, clock=lambda: at(2, 9))
    await worker.drain(timeout=30)

    assert transport.sent == ["aad-gus"]
    async with kommun.sm() as session:
        rows = (await session.execute(select(OutboxMessage.person_id, OutboxMessage.status,
                                             OutboxMessage.last_error))).all()
    outcome = {pid: (status, error) for pid, status, error in rows}
    assert outcome[kommun.people["gus"]][0] == "sent"
    status, error = outcome[kommun.people["adele"]]
    assert status == "skipped"
    assert "directory" in (error or "")
