"""The outbox table: dedupe on enqueue, claims with leases, outcomes, admin views.

Runs on SQLite and (with TEST_POSTGRES_URL) PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from admin.cli import main as admin_main
from storage import outbox
from storage.db import make_async_engine, make_sessionmaker
from storage.models import OutboxMessage, Person
from testing.org_builder import OrgBuilder

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
PAYLOAD = {"text": "Hej!", "card": {"type": "AdaptiveCard", "version": "1.5", "body": []}}


@pytest.fixture
async def db(any_db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_async_engine(any_db_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


def _people(url: str, n: int) -> list[int]:
    with OrgBuilder(url) as org:
        return [org.person(f"Chef {i}", f"aad-{i}") for i in range(n)]


async def _enqueue(sm: async_sessionmaker[AsyncSession], person: int, *, kind: str = "prompt",
                   unit: int | None = None, not_before: datetime = NOW) -> bool:
    async with sm() as session, session.begin():
        return await outbox.enqueue(session, kind=kind, person_id=person, period="2026-10",
                                    unit_id=unit, payload=PAYLOAD, not_before=not_before, now=NOW)


async def _claim(sm: async_sessionmaker[AsyncSession], worker: str, now: datetime = NOW,
                 limit: int = 100) -> list[outbox.OutboxItem]:
    async with sm() as session, session.begin():
        return await outbox.claim_due(session, worker_id=worker, now=now, limit=limit, lease=LEASE)


async def test_same_message_is_queued_once(db: async_sessionmaker[AsyncSession],
                                           any_db_url: str) -> None:
    alice, bob = _people(any_db_url, 2)
    assert await _enqueue(db, alice) is True
    assert await _enqueue(db, alice) is False  # a second reconcile run changes nothing
    assert await _enqueue(db, alice, kind="reminder-1") is True
    assert await _enqueue(db, bob) is True
    async with db() as session:
        counts = await outbox.status_counts(session)
    assert counts["pending"] == 3


async def test_only_due_messages_are_claimed_and_never_twice(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    alice, bob = _people(any_db_url, 2)
    await _enqueue(db, alice)
    await _enqueue(db, bob, not_before=NOW + timedelta(hours=1))
    first = await _claim(db, "w1")
    assert [i.person_id for i in first] == [alice]
    assert first[0].payload == PAYLOAD
    assert await _claim(db, "w2") == []  # claimed by w1, bob not due
    async with db() as session, session.begin():
        assert await outbox.mark_sent(session, first[0], activity_id="1", now=NOW)
    later = await _claim(db, "w2", now=NOW + timedelta(hours=1, seconds=1))
    assert [i.person_id for i in later] == [bob]


async def test_an_expired_lease_is_claimed_again_and_the_old_claim_cannot_finish(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    (alice,) = _people(any_db_url, 1)
    await _enqueue(db, alice)
    (dead,) = await _claim(db, "dead-worker")
    (taken,) = await _claim(db, "w2", now=NOW + LEASE + timedelta(seconds=1))
    assert taken.id == dead.id and taken.claim_token != dead.claim_token
    async with db() as session, session.begin():
        assert not await outbox.mark_sent(session, dead, activity_id="x", now=NOW)
        assert await outbox.mark_sent(session, taken, activity_id="y", now=NOW)
    async with db() as session:
        row = (await session.execute(select(OutboxMessage))).scalar_one()
    assert (row.status, row.activity_id, row.attempts) == ("sent", "y", 1)


async def test_a_renewed_lease_holds_and_an_unrenewed_one_frees_the_message(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    alive_person, dead_person = _people(any_db_url, 2)
    await _enqueue(db, alive_person)
    await _enqueue(db, dead_person)
    by_person = {i.person_id: i for i in await _claim(db, "alive")}
    alive, dead = by_person[alive_person], by_person[dead_person]
    # The living worker renews only its own claim (half a lease later) ...
    async with db() as session, session.begin():
        renewed = await outbox.renew_claims(session, [alive], lease_now=NOW + LEASE / 2,
                                            lease=LEASE)
    assert renewed == {alive.id}
    # ... so after the first lease only the other message can be claimed again.
    later = await _claim(db, "takeover", now=NOW + LEASE + timedelta(seconds=1))
    assert [i.id for i in later] == [dead.id]
    # A claim that was taken over is not renewed by its old holder any more.
    async with db() as session, session.begin():
        assert await outbox.renew_claims(session, [dead, alive], lease_now=NOW + LEASE,
                                         lease=LEASE) == {alive.id}


async def test_a_throttled_message_keeps_its_attempts_and_an_expired_one_says_why(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    throttled_person, expired_person = _people(any_db_url, 2)
    await _enqueue(db, throttled_person)
    await _enqueue(db, expired_person)
    items = {i.person_id: i for i in await _claim(db, "w")}
    async with db() as session, session.begin():
        assert await outbox.mark_throttled(session, items[throttled_person],
                                           error="throttled: HTTP 429",
                                           next_attempt_at=NOW + timedelta(seconds=2))
        assert await outbox.mark_expired(session, items[expired_person],
                                         reason="its window closed 2026-11-06 15:00 UTC")
    (again,) = await _claim(db, "w", now=NOW + timedelta(seconds=3))
    assert (again.person_id, again.attempts) == (throttled_person, 0)
    assert again.last_error == "throttled: HTTP 429"
    async with db() as session:
        counts = await outbox.status_counts(session)
        (expired,) = await outbox.list_messages(session, statuses=["expired"])
    assert (counts["expired"], counts["failed"]) == (1, 0)
    assert expired.last_error == "its window closed 2026-11-06 15:00 UTC"


async def test_concurrent_claims_never_share_a_message(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    people = _people(any_db_url, 60)
    for person in people:
        await _enqueue(db, person)

    async def worker(name: str) -> list[int]:
        got: list[int] = []
        while batch := await _claim(db, name, limit=7):
            got += [i.id for i in batch]
            await asyncio.sleep(0)
        return got

    results = await asyncio.gather(*(worker(f"w{i}") for i in range(4)))
    claimed = [i for r in results for i in r]
    assert len(claimed) == len(set(claimed)) == 60


async def test_outcomes_retry_fail_unreachable_and_skip(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    a, b, c, d = _people(any_db_url, 4)
    for person in (a, b, c, d):
        await _enqueue(db, person)
    items = {i.person_id: i for i in await _claim(db, "w")}
    async with db() as session, session.begin():
        await outbox.mark_retry(session, items[a], error="HTTP 503",
                                next_attempt_at=NOW + timedelta(seconds=30))
        await outbox.mark_failed(session, items[b], error="HTTP 400: BadArgument")
        await outbox.mark_unreachable(session, items[c], error="HTTP 403: MessageWritesBlocked")
        await outbox.mark_skipped(session, items[d], reason="the report was submitted")
    async with db() as session:
        counts = await outbox.status_counts(session)
        unreachable = await session.get(Person, c)
        rows = await outbox.list_messages(session, statuses=["failed", "unreachable"])
    assert counts == {"pending": 1, "sending": 0, "sent": 0, "failed": 1, "expired": 0,
                      "unreachable": 1, "skipped": 1}
    assert unreachable is not None and unreachable.unreachable_reason is not None
    assert "403" in unreachable.unreachable_reason
    assert {r.person_name for r in rows} == {"Chef 1", "Chef 2"}
    # The retried one comes back when due, with its attempt counted.
    assert await _claim(db, "w", now=NOW + timedelta(seconds=10)) == []
    (again,) = await _claim(db, "w", now=NOW + timedelta(seconds=31))
    assert again.person_id == a and again.attempts == 1
    # An admin can put failed and unreachable messages back in the queue.
    async with db() as session, session.begin():
        assert await outbox.requeue(session, statuses=("failed", "unreachable"), now=NOW) == 2


async def test_claims_of_a_dead_process_are_released_at_start(
    db: async_sessionmaker[AsyncSession], any_db_url: str
) -> None:
    (alice,) = _people(any_db_url, 1)
    await _enqueue(db, alice)
    await _claim(db, "died")
    async with db() as session, session.begin():
        assert await outbox.release_all_claims(session) == 1
    assert len(await _claim(db, "w")) == 1


def test_admin_outbox_lists_counts_and_rows(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    alice, bob = _people(sqlite_url, 2)

    async def fill() -> None:
        engine = make_async_engine(sqlite_url)
        sm = make_sessionmaker(engine)
        await _enqueue(sm, alice)
        await _enqueue(sm, bob)
        items = await _claim(sm, "w")
        async with sm() as session, session.begin():
            await outbox.mark_failed(session, items[0], error="gave up after 6 attempts: HTTP 503")
        await engine.dispose()

    asyncio.run(fill())
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("LANGUAGE", "sv")
    assert admin_main(["outbox"]) == 0
    out = capsys.readouterr().out
    assert "väntar 0 · skickas 1 · skickade 0 · misslyckade 1" in out
    assert "gave up after 6 attempts" in out and "Chef 0" in out

    assert admin_main(["outbox", "--status", "failed", "--requeue"]) == 0
    out = capsys.readouterr().out
    assert "1 meddelanden är tillbaka i kön" in out
    assert "Inga meddelanden matchar" in out

    assert admin_main(["outbox", "--period", "2026-13"]) == 2
    assert "Ogiltig period" in capsys.readouterr().err


def test_admin_outbox_shows_unreachable_counts_and_reasons(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    alice, bob, carol = _people(sqlite_url, 3)

    async def fill() -> None:
        engine = make_async_engine(sqlite_url)
        sm = make_sessionmaker(engine)
        for person in (alice, bob, carol):
            await _enqueue(sm, person)
        items = {i.person_id: i for i in await _claim(sm, "w")}
        async with sm() as session, session.begin():
            assert await outbox.mark_unreachable(
                session, items[alice], error="HTTP 403: MessageWritesBlocked"
            )
            assert await outbox.mark_unreachable(
                session, items[bob], error="no conversation reference (app not installed)",
                attempted=False,
            )
        await engine.dispose()

    asyncio.run(fill())
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("LANGUAGE", "sv")
    assert admin_main(["outbox"]) == 0
    out = capsys.readouterr().out
    assert ("väntar 0 · skickas 1 · skickade 0 · misslyckade 0 · utgångna 0 · "
            "går inte att nå 2") in out

    assert admin_main(["outbox", "--status", "unreachable"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines() if "unreachable" in line.split()}
    assert len(rows) == 2, out
    by_person = {next(n for n in ("Chef 0", "Chef 1") if n in line): line
                 for line in rows.values()}
    assert "HTTP 403: MessageWritesBlocked" in by_person["Chef 0"]
    assert "no conversation reference (app not installed)" in by_person["Chef 1"]
    # Only the unreachable rows are listed, not the one still being sent.
    assert "Chef 2" not in out and "sending" not in out

    assert admin_main(["outbox", "--status", "unreachable", "--requeue"]) == 0
    out = capsys.readouterr().out
    assert "2 meddelanden är tillbaka i kön" in out
    assert "går inte att nå 0" in out and "Inga meddelanden matchar" in out
