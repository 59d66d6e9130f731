"""A goal step of the report card ("Nästa") is one use case: the report's reads and
writes (the save, the Ekonomi and Delegationsbeslut sections' reads, the decision count)
run in one session and one transaction, apart from the conversation state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from storage.models import GoalResult
from testing.harness import ALEX, BotHarness
from tests.test_report_flow import Db, fill_and_next, start_report, step_line


@pytest.fixture
def db(demo_url: str) -> Iterator[Db]:
    database = Db(demo_url)
    yield database
    database.engine.dispose()


_MARKS = ("BEGIN", "COMMIT", "ROLLBACK")


@dataclass
class Recorded:
    """Statements per pool checkout (a session's connection), in order."""

    checkouts: list[list[str]] = field(default_factory=list)
    by_connection: dict[int, list[str]] = field(default_factory=dict)

    def report_checkouts(self) -> list[list[str]]:
        """The checkouts that touched anything but the conversation state."""
        return [stmts for stmts in self.checkouts
                if any("agent_state" not in s.lower() for s in stmts if s not in _MARKS)]


async def test_a_goal_step_is_one_session_and_one_transaction(
    demo_bot: BotHarness, db: Db) -> None:
    recorded = Recorded()
    card = await start_report(demo_bot, ALEX)
    card = await fill_and_next(demo_bot, ALEX, card)  # step 1 saved: the report exists
    assert step_line(card).startswith("Steg 2 av 6")

    fns = _install(recorded)
    try:
        card = await fill_and_next(demo_bot, ALEX, card)
    finally:
        _uninstall(fns)
    assert step_line(card).startswith("Steg 3 av 6")
    assert db.results("BUF") == 5  # both steps' goals stored

    report = recorded.report_checkouts()
    statements = [s for stmts in report for s in stmts
                  if s not in _MARKS]
    transactions = sum(stmts.count("COMMIT") + stmts.count("ROLLBACK") for stmts in report)
    print(f"\ngoal step: {len(report)} report session(s), {transactions} transaction(s), "
          f"{len(statements)} statement(s) (+ {len(recorded.checkouts) - len(report)} "
          f"conversation state checkout(s))")
    for stmts in recorded.checkouts:
        print("  --", *stmts, sep="\n     ")
    assert len(report) == 1, report
    # a card button's turn loads no SDK conversation or user state (turn_state): the
    # report session is the step's only checkout
    assert len(recorded.checkouts) == 1, recorded.checkouts
    assert transactions == 1, report
    # The org tree, the unit's goals and the chefsuppdrag's base come from the process's
    # caches after one change-stamp read (storage.read_cache), and so do the manager's
    # anmälda beslut (0014): 20 statements in session 7's start, 9 before 0014.
    assert len(statements) <= 6, statements
    (stmts,) = report
    writes = [s for s in stmts if s.upper().startswith(("INSERT", "UPDATE"))]
    assert any(GoalResult.__tablename__ in s for s in writes), stmts
    assert stmts[-1] == "COMMIT"


def _install(rec: Recorded) -> list[tuple[Any, str, Any]]:
    def on_checkout(_dbapi: Any, record: Any, _proxy: Any) -> None:
        rec.checkouts.append([])
        rec.by_connection[id(record)] = rec.checkouts[-1]

    def _log(conn: Any, text: str) -> None:
        rec.by_connection.setdefault(id(conn.connection._connection_record), []).append(text)

    def on_begin(conn: Any) -> None:
        _log(conn, "BEGIN")

    def on_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        _log(conn, " ".join(statement.split())[:120])

    def on_commit(conn: Any) -> None:
        _log(conn, "COMMIT")

    def on_rollback(conn: Any) -> None:
        _log(conn, "ROLLBACK")

    fns: list[tuple[Any, str, Any]] = [
        (Pool, "checkout", on_checkout), (Engine, "begin", on_begin),
        (Engine, "before_cursor_execute", on_execute), (Engine, "commit", on_commit),
        (Engine, "rollback", on_rollback)]
    for target, name, fn in fns:
        event.listen(target, name, fn)
    return fns


def _uninstall(fns: list[tuple[Any, str, Any]]) -> None:
    for target, name, fn in fns:
        event.remove(target, name, fn)
