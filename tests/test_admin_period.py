"""Admins reopen a closed period for changes (and close it again), audited."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select

from admin.cli import main as admin_main
from storage.db import sync_url
from storage.models import AuditEntry, OrgUnit
from testing.harness import ALEX, BotHarness, make_settings

AFTER_CLOSE = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # October closed on 30 November


def _buf(url: str) -> int:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        value = conn.execute(select(OrgUnit.id).where(OrgUnit.code == "BUF")).scalar_one()
    engine.dispose()
    return int(value)


async def test_reopened_period_accepts_reports_until_closed_again(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    buf = _buf(demo_url)
    open_october = {"unit": buf, "period": "2026-10"}
    async with BotHarness(make_settings(demo_url), clock=lambda: AFTER_CLOSE) as bot:
        closed = await bot.execute(ALEX, "report.open", open_october)
        assert closed.invoke_card is not None
        assert "Perioden är stängd" in str(closed.invoke_card)

        until = (date.today() + timedelta(days=60)).isoformat()
        assert admin_main(["period", "reopen", "2026-10", "--until", until]) == 0
        assert "öppen för ändringar" in capsys.readouterr().out
        reopened = await bot.execute(ALEX, "report.open", open_october)
        assert reopened.invoke_card is not None
        assert "Steg 1 av" in str(reopened.invoke_card)

        assert admin_main(["period", "close", "2026-10"]) == 0
        capsys.readouterr()
        again = await bot.execute(ALEX, "report.open", open_october)
        assert "Perioden är stängd" in str(again.invoke_card)

    assert admin_main(["period", "list"]) == 0
    assert "2026-10" in capsys.readouterr().out
    engine = create_engine(sync_url(demo_url))
    with engine.connect() as conn:
        actions = conn.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "reporting_period")).all()
    engine.dispose()
    assert actions == ["period.reopen", "period.close"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["period", "reopen", "2026-10"], "--until"),
        (["period", "reopen", "2026-10", "--until", "igår"], "ogiltigt datum"),
        (["period", "reopen", "2026-10", "--until", "2020-01-01"], "framtiden"),
        (["period", "reopen", "2026-07", "--until", "2099-01-01"], "följs inte upp"),
        (["period", "reopen"], "ange perioden"),
    ],
)
def test_bad_input_is_refused_clearly(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    argv: list[str], message: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    assert admin_main(argv) == 2
    assert message in capsys.readouterr().err
