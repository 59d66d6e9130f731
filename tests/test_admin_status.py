"""``status`` in Teams: admins see the period's reporting state; others are refused."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from testing.harness import BotHarness, ChatUser, make_settings
from testing.org_builder import OrgBuilder

NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # October 2026 is open
ADMIN = ChatUser("Ada Admin", "aaaaaaaa-0000-0000-0000-000000000001")
MANAGER = ChatUser("Mona Chef", "aaaaaaaa-0000-0000-0000-000000000002")


@pytest.fixture
async def status_bot(sqlite_url: str) -> AsyncIterator[BotHarness]:
    with OrgBuilder(sqlite_url) as org:
        org.person(ADMIN.name, ADMIN.aad_object_id)
        mona = org.person(MANAGER.name, MANAGER.aad_object_id)
        nils = org.person("Nils Chef", "aad-nils")
        root = org.unit("K", "Kommunen", kind="kommun")
        units = {code: org.unit(code, name, root) for code, name in
                 (("A", "Förskolan Ekorren"), ("B", "Hemtjänst Norr"), ("C", "Skolan Väst"))}
        org.manage(units["A"], mona)
        org.manage(units["B"], nils)
        for unit in units.values():
            org.goal(unit)
        org.report(units["A"], "2026-10", "submitted")
        org.report(units["B"], "2026-10", "draft")
    settings = make_settings(sqlite_url, ADMIN_AAD_IDS=str(ADMIN.aad_object_id))
    async with BotHarness(settings, clock=lambda: NOW) as harness:
        yield harness


async def test_admin_sees_reported_draft_and_not_started_per_unit(
    status_bot: BotHarness,
) -> None:
    reply = await status_bot.send(ADMIN, "status")
    text = reply.text
    assert "Rapporteringsläge oktober 2026" in text
    assert "fredag 6 november kl. 16.00" in text
    assert "3 enheter med mål: 1 inrapporterade, 1 utkast, 1 ej påbörjade" in text
    assert "Inrapporterade (1)**\n- Kommunen › Förskolan Ekorren – Mona Chef" in text
    assert "Utkast (1)**\n- Kommunen › Hemtjänst Norr – Nils Chef" in text
    assert "Ej påbörjade (1)**\n- Kommunen › Skolan Väst – ingen chef" in text
    assert "Utskick: 0 väntar" in text


async def test_status_for_a_given_period_and_bad_input(status_bot: BotHarness) -> None:
    reply = await status_bot.send(ADMIN, "status 2026-09")
    assert "Rapporteringsläge september 2026" in reply.text
    assert "0 inrapporterade, 0 utkast, 3 ej påbörjade" in reply.text
    reply = await status_bot.send(ADMIN, "status 2026-07")
    assert "följs inte upp" in reply.text
    reply = await status_bot.send(ADMIN, "status 2027-03")
    assert "finns inte ännu" in reply.text
    reply = await status_bot.send(ADMIN, "status nu")
    assert "ÅÅÅÅ-MM" in reply.text


async def test_status_is_refused_and_logged_for_non_admins(
    status_bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="dialogs.admin_status"):
        reply = await status_bot.send(MANAGER, "status")
    assert reply.text == "Det kommandot är bara för administratörer."
    assert any("status refused" in r.message for r in caplog.records)
