"""Individual goals end to end over HTTP: agreeing goals (medarbetarsamtal, mina mål,
confirmation, an edit keeping history), a check-in ("som förra gången" too), the
manager's team view and underlag, refusals, and an employee moving unit mid-year."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import aiohttp
from pypdf import PdfReader
from sqlalchemy import select, update

from bot_services import BotServices
from cards.individual import (
    VERB_CHECKIN_SAME,
    VERB_CHECKIN_SAVE,
    VERB_GOALS_APPROVE,
    VERB_GOALS_SAVE,
    VERB_TALK,
)
from dialogs.individual import UNDERLAG_PATH, sign_underlag
from storage import individual as store
from storage.db import make_async_engine, make_sessionmaker
from storage.models import (
    Employment,
    IndividualAccess,
    IndividualGoal,
    OrgUnit,
    OutboxMessage,
    Person,
)
from testing.adaptive_card_check import card_problems, iter_actions, iter_elements, text_of
from testing.fake_connector import ConnectorLimits
from testing.harness import ADELE, MEGAN, BotHarness, ChatUser
from tests.conftest import DEMO_NOW

LYNNE = ChatUser("Lynne Robbins", "00000000-0000-0000-0000-0000000000023")
NILS = ChatUser("Nils Nyström", "7a0c0b52-0f6e-4a43-9d1e-2f0b8a3c0001")
HANNA = ChatUser("Hanna Förskolechef", "7a0c0b52-0f6e-4a43-9d1e-2f0b8a3c0002")


async def _db(bot: BotHarness) -> Any:
    engine = make_async_engine(bot.settings.database_url)
    return engine, make_sessionmaker(engine)


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)


async def _person_id(sessions: Any, name: str) -> int:
    async with sessions() as session:
        return int((await session.execute(
            select(Person.id).where(Person.name == name))).scalar_one())


async def _add_nils_and_hanna(bot: BotHarness) -> int:
    engine, sessions = await _db(bot)
    async with sessions() as session, session.begin():
        unit = (await session.execute(
            select(OrgUnit.id).where(OrgUnit.code == "BUF-FS-01"))).scalar_one()
        nils = Person(name=NILS.name, email="nils@example.com", aad_object_id=NILS.aad_object_id)
        session.add(nils)
        await session.flush()
        session.add(Employment(person_id=nils.id, unit_id=unit,
                               valid_from=DEMO_NOW.date() - timedelta(days=300)))
        # Hanna Förskolechef leads Förskolan Ekorren (BUF-FS-02): give her a Teams id.
        await session.execute(update(Person).where(Person.name.like("Hanna%"))
                              .values(aad_object_id=HANNA.aad_object_id))
        nils_id = nils.id
    await engine.dispose()
    return nils_id


def _card(reply: Any) -> dict[str, Any]:
    assert reply.status in (200, 202), reply.body
    assert len(reply.cards) == 1, reply.text
    assert card_problems(reply.cards[0]) == []
    return reply.cards[0]


def _action(card: dict[str, Any], verb: str) -> dict[str, Any]:
    """The button's Action.Submit fallback (what a client without Execute sends)."""
    found = [a for a in iter_actions(card) if a.get("verb") == verb]
    assert found, [a.get("title") for a in iter_actions(card)]
    assert found[0]["type"] == "Action.Execute"
    return dict(found[0]["fallback"])


def _goal_choice(card: dict[str, Any]) -> str:
    sets = [e for e in iter_elements(card, "Input.ChoiceSet") if e["id"] == "g1_link"]
    return str(sets[0]["choices"][0]["value"])


async def test_agree_goals_check_in_team_view_and_a_move(demo_bot: BotHarness) -> None:
    demo_bot.connector.limits = ConnectorLimits.unlimited()  # a quick conversation
    nils_id = await _add_nils_and_hanna(demo_bot)

    # The manager writes Nils's goals in the medarbetarsamtal.
    form = _card(await demo_bot.send(ADELE, "medarbetarsamtal nils"))
    assert "Medarbetarsamtal med Nils Nyström" in text_of(form)
    link = _goal_choice(form)
    save = _action(form, VERB_GOALS_SAVE)
    saved = await demo_bot.submit(ADELE, {**save["data"], "g1_title": "Starta en läsgrupp",
                                          "g1_link": link, "g1_ind": "Lästillfällen",
                                          "g1_target": "10"})
    assert "Väntar på att medarbetaren bekräftar" in saved.text
    # Unlinked goals are refused with a clear message, nothing saved.
    bad = await demo_bot.submit(ADELE, {**save["data"], "g1_title": "Utan koppling"})
    assert "Koppla varje mål" in bad.text

    # Nils is told, looks at them and confirms.
    engine, sessions = await _db(demo_bot)
    async with sessions() as session:
        kinds = (await session.execute(select(OutboxMessage.kind)
                 .where(OutboxMessage.person_id == nils_id))).scalars().all()
    assert "ind_approve" in kinds
    own = _card(await demo_bot.send(NILS, "mina mål"))
    assert "Starta en läsgrupp" in str(own)
    confirmed = await demo_bot.submit(NILS, _action(own, VERB_GOALS_APPROVE)["data"])
    assert "överenskomna" in confirmed.text

    # An edit ends the old version (kept) and asks Nils to confirm again.
    await demo_bot.submit(ADELE, {**save["data"], "g1_title": "Starta två läsgrupper",
                                  "g1_link": link})
    async with sessions() as session:
        versions = (await session.execute(select(IndividualGoal)
                    .where(IndividualGoal.person_id == nils_id)
                    .order_by(IndividualGoal.id))).scalars().all()
    assert [v.title for v in versions] == ["Starta en läsgrupp", "Starta två läsgrupper"]
    assert versions[0].ended_at is not None and versions[1].ended_at is None
    assert versions[0].series_id == versions[1].series_id
    not_yet = await demo_bot.send(NILS, "checka in")
    assert "inga överenskomna mål" in not_yet.text
    await demo_bot.submit(NILS, _action(_card(await demo_bot.send(NILS, "mina mål")),
                                        VERB_GOALS_APPROVE)["data"])

    # Nils checks in: one status and one line per goal.
    checkin = _card(await demo_bot.send(NILS, "checka in"))
    assert "Incheckning tertial 3 2026" in text_of(checkin)
    status_input = next(e["id"] for e in iter_elements(checkin, "Input.ChoiceSet"))
    goal_id = status_input.removeprefix("s_")
    done = await demo_bot.submit(NILS, {"verb": VERB_CHECKIN_SAVE, status_input: "yellow",
                                        f"c_{goal_id}": "Första gruppen är igång"})
    assert "Din incheckning för tertial 3 2026 är sparad" in done.text
    missing = await demo_bot.submit(NILS, {"verb": VERB_CHECKIN_SAVE})
    assert "Välj status" in missing.text

    # Lynne (the Playground's fourth user) repeats last time with one tap.
    lynne = _card(await demo_bot.send(LYNNE, "checka in"))
    same = await demo_bot.submit(LYNNE, _action(lynne, VERB_CHECKIN_SAME)["data"])
    assert "är sparad" in same.text

    # Adele's team view: who checked in, statuses, comments; no ranking (listed by name).
    team = _card(await demo_bot.send(ADELE, "mitt team"))
    shown = text_of(team)
    assert "**Nils Nyström** – har checkat in" in shown
    assert "Uppfylls delvis – Första gruppen är igång" in shown
    assert "**Lynne Robbins** – har checkat in" in shown
    assert "av 8 har checkat in" in shown
    talk_button = next(a["fallback"] for a in iter_actions(team)
                       if a.get("verb") == VERB_TALK and a["data"]["subject"] == nils_id)
    talk = _card(await demo_bot.submit(ADELE, talk_button["data"]))
    # The same button as Action.Execute: the underlag card replaces the team card in place.
    executed = await demo_bot.execute(ADELE, VERB_TALK, {"subject": nils_id})
    assert executed.status == 200, executed.body
    assert executed.body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Underlag för medarbetarsamtal: Nils Nyström" in text_of(executed.body["value"])
    assert "Underlag för medarbetarsamtal: Nils Nyström" in text_of(talk)
    link_url = str(talk).split("](")[1].split(")")[0]
    assert demo_bot.server is not None
    url = str(demo_bot.server.make_url("/downloads/underlag")) + "?" + link_url.split("?")[1]
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        assert resp.status == 200
        assert (await resp.read())[:2] == b"PK"  # an xlsx (zip)
    # The same underlag as PDF, offered beside the Excel link.
    links = re.findall(r"\]\((http[^)]+)\)", str(talk))
    assert len(links) == 2 and links[1] == links[0] + "&format=pdf"
    async with aiohttp.ClientSession() as http, http.get(url + "&format=pdf") as resp:
        assert resp.status == 200 and resp.content_type == "application/pdf"
        pdf = await resp.read()
    assert pdf.startswith(b"%PDF")
    shown_pdf = " ".join(_pdf_text(pdf).split())
    assert "Underlag för medarbetarsamtal: Nils Nyström, 2026" in shown_pdf
    assert "Starta två läsgrupper" in shown_pdf  # his goal
    assert "Uppfylls delvis Första gruppen är igång" in shown_pdf  # his check-in
    # A validly signed link for someone who is not his manager (the kommunchef): refused.
    services = BotServices(settings=demo_bot.settings, sessionmaker=sessions,
                           clock=lambda: DEMO_NOW)
    megan_id = (await _person_id(sessions, MEGAN.name))
    megan_url = (str(demo_bot.server.make_url(UNDERLAG_PATH)) + "?token="
                 + quote(sign_underlag(services, megan_id, nils_id)))
    for fmt in ("", "&format=pdf"):
        async with aiohttp.ClientSession() as http, http.get(megan_url + fmt) as resp:
            assert resp.status == 403
            assert "Länken gäller inte längre" in await resp.text()
    # Every read of someone else's data is in the access log.
    async with sessions() as session:
        log = (await session.execute(select(IndividualAccess.what)
               .where(IndividualAccess.subject_person_id == nils_id))).scalars().all()
    assert {"goal_form", "team_view", "underlag"} <= set(log)

    # The kommunchef is not Nils's manager: refused, nothing logged for her.
    refused = await demo_bot.submit(MEGAN, {"verb": VERB_TALK, "subject": nils_id})
    assert "bara se och ändra individuella mål" in refused.text
    assert (await demo_bot.send(MEGAN, "medarbetarsamtal nils")).cards == []

    # Nils moves to Förskolan Ekorren: Hanna sees him from the move on, Adele no longer.
    async with sessions() as session, session.begin():
        ekorren = (await session.execute(
            select(OrgUnit.id).where(OrgUnit.code == "BUF-FS-02"))).scalar_one()
        await store.set_unit(session, nils_id, ekorren, today=DEMO_NOW.date(), source="import")
    gone = await demo_bot.submit(ADELE, talk_button["data"])
    assert "bara se och ändra individuella mål" in gone.text
    # Her link from before the move no longer gives the underlag, in neither format.
    for fmt in ("", "&format=pdf"):
        async with aiohttp.ClientSession() as http, http.get(url + fmt) as resp:
            assert resp.status == 403
    assert "Nils" not in text_of(_card(await demo_bot.send(ADELE, "mitt team")))
    hanna_team = text_of(_card(await demo_bot.send(HANNA, "mitt team")))
    assert "**Nils Nyström** – har inte checkat in" in hanna_team
    assert "Första gruppen är igång" not in hanna_team  # made under Adele
    form = _card(await demo_bot.send(HANNA, "medarbetarsamtal nils"))
    assert "Starta två läsgrupper" not in str(form)
    await engine.dispose()


async def test_summaries_show_only_aggregates_of_five_or_more(demo_bot: BotHarness) -> None:
    demo_bot.connector.limits = ConnectorLimits.unlimited()
    adele = text_of(_card(await demo_bot.send(ADELE, "sammanställning")))
    assert "Medarbetarnas incheckningar, Förskolan Solrosen (tertial 3 2026)" in adele
    assert "5 av 7 har checkat in" in adele
    assert "Lynne" not in adele  # never a person upward
    megan = text_of(_card(await demo_bot.send(MEGAN, "sammanställning")))
    assert "Medarbetarnas incheckningar, Sjöviks kommun" in megan
    assert "5 av 7 har checkat in" in megan
    # Three leave: four people are fewer than five, so nothing is shown.
    engine, sessions = await _db(demo_bot)
    async with sessions() as session, session.begin():
        people = (await session.execute(select(Person.id).where(
            Person.title == "Förskollärare").order_by(Person.id).limit(3))).scalars().all()
        for pid in people:
            await store.set_unit(session, pid, None, today=DEMO_NOW.date(), source="import")
    await engine.dispose()
    small = text_of(_card(await demo_bot.send(MEGAN, "sammanställning")))
    assert "färre än 5 – visas inte" in small
    assert "av 4 har checkat in" not in small


async def test_checkin_cards_go_out_once_with_one_reminder(demo_url: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from services.followup_rounds import reconcile_followups
    from testing.harness import make_settings

    zone = ZoneInfo("Europe/Stockholm")
    settings = make_settings(demo_url)
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)

    async def queued(kind: str) -> list[int | None]:
        async with sessions() as session:
            return list((await session.execute(select(OutboxMessage.person_id)
                         .where(OutboxMessage.kind == kind))).scalars())

    before = await reconcile_followups(sessions, settings,
                                       datetime(2026, 12, 14, 9, 0, tzinfo=zone))
    assert "individual_checkins" not in before  # the T3 check-in opens on 15 December
    await reconcile_followups(sessions, settings, datetime(2026, 12, 15, 9, 5, tzinfo=zone))
    await reconcile_followups(sessions, settings, datetime(2026, 12, 15, 9, 6, tzinfo=zone))
    cards = await queued("checkin")
    assert len(cards) == 2 == len(set(cards))  # the two not yet checked in, once each
    assert await queued("checkin_reminder") == []
    await reconcile_followups(sessions, settings, datetime(2026, 12, 22, 9, 5, tzinfo=zone))
    await reconcile_followups(sessions, settings, datetime(2026, 12, 23, 9, 5, tzinfo=zone))
    assert sorted(map(str, await queued("checkin_reminder"))) == sorted(map(str, cards))
    assert await queued("checkin_escalation") == []
    async with sessions() as session:
        payload = (await session.execute(select(OutboxMessage.payload)
                   .where(OutboxMessage.kind == "checkin").limit(1))).scalar_one()
    assert "Dags att checka in" in payload["text"] and "tertial 3 2026" in payload["text"]
    await engine.dispose()


async def test_no_checkin_cards_for_people_gone_from_the_directory_or_erased(
        demo_url: str) -> None:
    """The one recipient policy (services.notices) applies to check-ins too."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from services.followup_rounds import reconcile_followups
    from testing.harness import make_settings

    zone = ZoneInfo("Europe/Stockholm")
    settings = make_settings(demo_url)
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        holders = await store.agreed_goal_holders(session, 2026, date(2026, 12, 15))
        due = sorted(set(holders) - await store.checked_in(session, "2026-T3"))
        assert len(due) == 2
        gone, kept = due
        await session.execute(update(Person).where(Person.id == gone)
                              .values(directory_missing=True))
    await reconcile_followups(sessions, settings, datetime(2026, 12, 15, 9, 5, tzinfo=zone))
    async with sessions() as session:
        cards = list((await session.execute(select(OutboxMessage.person_id)
                      .where(OutboxMessage.kind == "checkin"))).scalars())
    assert cards == [kept]
    async with sessions() as session, session.begin():
        await session.execute(update(Person).where(Person.id == kept)
                              .values(erased_at=datetime(2026, 12, 16, 8, tzinfo=zone)))
    await reconcile_followups(sessions, settings, datetime(2026, 12, 23, 9, 5, tzinfo=zone))
    async with sessions() as session:
        reminders = list((await session.execute(select(OutboxMessage.person_id)
                          .where(OutboxMessage.kind == "checkin_reminder"))).scalars())
    assert reminders == []  # the only one still due was erased meanwhile
    await engine.dispose()
