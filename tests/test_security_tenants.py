"""Who may talk to Målbot: the tenant allow-list for every activity, and admin-only commands."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from i18n import t
from testing.db_snapshot import DOMAIN_TABLES, TURN_TABLES, table_digests
from testing.harness import ADELE, ALEX, DEFAULT_TENANT, MEGAN, BotHarness, ChatUser, make_settings
from tests.conftest import fixed_clock

OTHER_TENANT = "77777777-8888-4999-aaaa-bbbbbbbbbbbb"
SECOND_TENANT = "123e4567-e89b-12d3-a456-426614174000"
MALLORY_AAD = "99999999-0000-4000-8000-000000000666"


@pytest.fixture
async def guarded_bot(demo_url: str) -> AsyncIterator[BotHarness]:
    allowed = f"{DEFAULT_TENANT}, {SECOND_TENANT}"
    settings = make_settings(demo_url, ALLOWED_TENANTS=allowed)
    async with BotHarness(settings, clock=fixed_clock()) as harness:
        yield harness


def _with_tenant(activity: dict[str, Any], channel_tenant: str | None,
                 conversation_tenant: str | None) -> dict[str, Any]:
    activity = dict(activity)
    activity["conversation"] = dict(activity["conversation"])
    if channel_tenant is None:
        activity.pop("channelData", None)
    else:
        activity["channelData"] = {"tenant": {"id": channel_tenant}}
    if conversation_tenant is None:
        activity["conversation"].pop("tenantId", None)
    else:
        activity["conversation"]["tenantId"] = conversation_tenant
    return activity


def _activities(bot: BotHarness, user: ChatUser) -> dict[str, dict[str, Any]]:
    """One of each kind of activity Teams sends a bot."""
    return {
        "message": bot.activity(user, text="hjälp"),
        "card submit": bot.activity(user, value={"verb": "report.save", "status": "green"}),
        "card execute": bot.activity(
            user, type="invoke", name="adaptiveCard/action",
            value={"action": {"type": "Action.Execute", "verb": "report.open", "data": {}}}),
        "install": bot.activity(user, type="installationUpdate", action="add"),
        "members added": bot.activity(user, type="conversationUpdate",
                                      membersAdded=[{"id": user.id}]),
        "reaction": bot.activity(user, type="messageReaction",
                                 reactionsAdded=[{"type": "like"}]),
        "event": bot.activity(user, type="event", name="application/vnd.microsoft.meetingStart"),
    }


KINDS = ["message", "card submit", "card execute", "install", "members added", "reaction",
         "event"]
REFUSED_TENANTS = {
    "other tenant": (OTHER_TENANT, OTHER_TENANT),
    "no tenant at all": (None, None),
    "allowed in channelData, other in conversation": (DEFAULT_TENANT, OTHER_TENANT),
    "other in channelData, allowed in conversation": (OTHER_TENANT, DEFAULT_TENANT),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("tenants", list(REFUSED_TENANTS))
async def test_activity_from_a_tenant_not_on_the_allow_list_is_refused(
    guarded_bot: BotHarness, kind: str, tenants: str, caplog: pytest.LogCaptureFixture
) -> None:
    url = guarded_bot.settings.database_url
    before = table_digests(url, DOMAIN_TABLES + TURN_TABLES)
    channel_tenant, conversation_tenant = REFUSED_TENANTS[tenants]
    activity = _with_tenant(_activities(guarded_bot, ALEX)[kind], channel_tenant,
                            conversation_tenant)

    with caplog.at_level(logging.WARNING):
        reply = await guarded_bot.post(activity)

    assert reply.status == 403
    assert reply.body == {"error": "tenant not allowed"}
    assert guarded_bot.connector.records == []
    assert table_digests(url, DOMAIN_TABLES + TURN_TABLES) == before
    warnings = [r for r in caplog.records
                if r.levelno == logging.WARNING and "ALLOWED_TENANTS" in r.getMessage()]
    assert len(warnings) == 1
    if channel_tenant == OTHER_TENANT or conversation_tenant == OTHER_TENANT:
        assert OTHER_TENANT in warnings[0].getMessage()


async def test_allowed_tenant_is_served_whatever_the_letter_case(guarded_bot: BotHarness) -> None:
    reply = await guarded_bot.send(ALEX, "hjälp")
    assert reply.status in (200, 202)
    assert "Det här kan Målbot" in reply.text

    upper = _with_tenant(guarded_bot.activity(ADELE, text="vem är jag"),
                         SECOND_TENANT.upper(), SECOND_TENANT)
    reply = await guarded_bot.post(upper)
    assert reply.status in (200, 202)
    assert "Adele Vance" in reply.text


async def test_without_an_allow_list_any_tenant_is_served(demo_bot: BotHarness) -> None:
    activity = _with_tenant(demo_bot.activity(ALEX, text="hjälp"), OTHER_TENANT, OTHER_TENANT)
    reply = await demo_bot.post(activity)
    assert reply.status in (200, 202)
    assert "Det här kan Målbot" in reply.text


async def test_admin_only_status_is_refused_for_others_and_logged(
    guarded_bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    refusal = t("sv", "error.not_admin")
    users = (ALEX, ADELE, MEGAN, ChatUser("Okänd", "11111111-2222-4333-8444-555555555555"))
    for user in users:  # first contact links the Teams user id to the person: done here
        await guarded_bot.send(user, "hej")
    url = guarded_bot.settings.database_url
    before = table_digests(url, DOMAIN_TABLES)
    for user in users:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            reply = await guarded_bot.send(user, "status")
        assert reply.text == refusal, user.name
        assert any("refused" in r.getMessage() and r.levelno == logging.WARNING
                   for r in caplog.records), user.name
        help_reply = await guarded_bot.send(user, "hjälp")
        assert t("sv", "help.status") not in help_reply.text
    assert table_digests(url, DOMAIN_TABLES) == before


async def test_admin_named_in_admin_aad_ids_gets_status(demo_url: str) -> None:
    settings = make_settings(demo_url, ALLOWED_TENANTS=DEFAULT_TENANT,
                             ADMIN_AAD_IDS=ADELE.aad_object_id or "")
    async with BotHarness(settings, clock=fixed_clock()) as bot:
        reply = await bot.send(ADELE, "status")
        assert reply.text and reply.text != t("sv", "error.not_admin")
        assert "oktober 2026" in reply.text
        refused = await bot.send(ALEX, "status")
        assert refused.text == t("sv", "error.not_admin")


@pytest.mark.parametrize("email", ["sofia.wallin@example.com", "alexw@example.com"])
async def test_a_display_name_that_looks_like_someones_email_does_not_make_you_them(
    guarded_bot: BotHarness, email: str
) -> None:
    mallory = ChatUser(email, MALLORY_AAD)
    url = guarded_bot.settings.database_url
    before = table_digests(url, ["people"])

    status = await guarded_bot.send(mallory, "status")
    whoami = await guarded_bot.send(mallory, "vem är jag")

    assert status.text == t("sv", "error.not_admin")
    assert "Sofia Wallin" not in whoami.text and "Alex Wilber" not in whoami.text
    assert table_digests(url, ["people"]) == before


async def test_an_imported_person_is_linked_once_and_cannot_be_taken_over(sqlite_url: str) -> None:
    """A person found by their e-mail is linked to the first Entra account only."""
    from storage.db import make_async_engine, make_sessionmaker
    from storage.models import Person
    from storage.people import find_person, link_identity

    engine = make_async_engine(sqlite_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            session.add(Person(name="Ny Chef", email="ny.chef@example.com"))
        async with sessions() as session, session.begin():
            found = await find_person(session, aad_object_id="aad-1", email="NY.CHEF@example.com")
            assert found is not None
            assert link_identity(found, aad_object_id="aad-1", teams_user_id="29:one")
        async with sessions() as session, session.begin():
            assert await find_person(session, aad_object_id="aad-2",
                                     email="ny.chef@example.com") is None
            assert await find_person(session, aad_object_id="aad-2",
                                     teams_user_id="29:one") is None
            same = await find_person(session, aad_object_id="AAD-1")
            assert same is not None and same.teams_user_id == "29:one"
            assert not link_identity(same, aad_object_id="aad-2", teams_user_id="29:two")
            assert same.teams_user_id == "29:one"
    finally:
        await engine.dispose()


async def test_megan_is_the_administrator_in_local_mode_unless_admins_are_named(
    demo_url: str
) -> None:
    # Issue 17 §7: no credentials and no ADMIN_AAD_IDS at all: the demo kommunchef may try
    # status and nytt beslut in the Playground.
    from config import load_settings

    local = load_settings({"DATABASE_URL": demo_url, "SCHEDULER_ENABLED": "false",
                           "SEED_DEMO": "false"}, dotenv=False)
    async with BotHarness(local, clock=fixed_clock()) as bot:
        reply = await bot.send(MEGAN, "status")
        assert reply.text != t("sv", "error.not_admin") and "oktober 2026" in reply.text
        assert t("sv", "help.status") in (await bot.send(MEGAN, "hjälp")).text
    named = make_settings(demo_url, ALLOWED_TENANTS=DEFAULT_TENANT,
                          ADMIN_AAD_IDS=ADELE.aad_object_id or "")
    async with BotHarness(named, clock=fixed_clock()) as bot:
        assert (await bot.send(MEGAN, "status")).text == t("sv", "error.not_admin")
    with_credentials = make_settings(
        demo_url, CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID="app-id")
    assert MEGAN.aad_object_id not in with_credentials.admin_aad_ids
