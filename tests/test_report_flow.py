"""The monthly report through the real HTTP endpoint, as a Teams client would drive it:
only the buttons and inputs on the cards (Action.Execute invokes), on the demo kommun."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from cards.common import compat_problems, iter_elements
from storage.db import sync_url
from storage.models import AuditEntry, GoalResult, OrgUnit, ReportingPeriod, UnitReport
from testing.harness import ADELE, ALEX, STRANGER, BotHarness, ChatUser, make_settings
from testing.report_fixtures import seed_report_org
from tests.conftest import DEMO_NOW, fixed_clock

AFTER_DEADLINE = datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # deadline: Fri 6 Nov 16.00
AFTER_CLOSE = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # October closed, November open


# --------------------------------------------------------------------------- a Teams client


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in iter_elements(card) if e.get("type") == "Action.Execute"]


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    found = [b for b in buttons(card) if b["title"] == title]
    assert found, f"no button {title!r} among {[b['title'] for b in buttons(card)]}"
    return found[0]


def input_values(card: dict[str, Any]) -> dict[str, str]:
    """What a client sends for the card's inputs: each input's current value."""
    return {e["id"]: str(e.get("value", "")) for e in iter_elements(card)
            if str(e.get("type", "")).startswith("Input.")}


def goal_ids(card: dict[str, Any]) -> list[int]:
    return [int(e["id"][1:].split(".")[0]) for e in iter_elements(card)
            if str(e.get("id", "")).endswith(".status")]


def has_value_input(card: dict[str, Any], gid: int) -> bool:
    return f"g{gid}.value" in input_values(card)


async def press(bot: BotHarness, user: ChatUser, card: dict[str, Any], title: str,
                **fill: str) -> dict[str, Any]:
    """Press a button (Action.Execute) after typing ``fill`` (input id → text)."""
    action = button(card, title)
    data = dict(action["data"])
    if action.get("associatedInputs") != "none":
        data.update(input_values(card))
        data.update({k.replace("__", "."): v for k, v in fill.items()})
    reply = await bot.execute(user, action["verb"], data)
    assert reply.status == 200, reply.body
    assert reply.invoke_card is not None, reply.body
    assert compat_problems(reply.invoke_card) == []
    return reply.invoke_card


def shown_targets(card: dict[str, Any]) -> dict[int, str]:
    """Each goal's "Målvärde" as the card shows it (``"90 %"``, ``"14 dagar"``)."""
    out: dict[int, str] = {}
    for element in iter_elements(card):
        ident = str(element.get("id", ""))
        if not ident.endswith(".details"):
            continue
        for inner in iter_elements(element):
            for fact in inner.get("facts", []) if inner.get("type") == "FactSet" else []:
                if fact["title"] == "Målvärde":
                    out[int(ident[1:].split(".")[0])] = fact["value"]
    return out


def fill_green(card: dict[str, Any]) -> dict[str, str]:
    """Every goal "Uppfylls", its value the target as shown, unit and all (a plausible
    answer: no warning to confirm)."""
    values: dict[str, str] = {}
    targets = shown_targets(card)
    for gid in goal_ids(card):
        values[f"g{gid}.status"] = "green"
        values[f"g{gid}.analysis"] = f"Det går bra för mål {gid}."
        if has_value_input(card, gid):
            values[f"g{gid}.value"] = targets.get(gid, "12,5" if gid % 2 else "3")
    return values


async def fill_and_next(bot: BotHarness, user: ChatUser, card: dict[str, Any]) -> dict[str, Any]:
    return await press(bot, user, card, "Nästa", **fill_green(card))


def step_line(card: dict[str, Any]) -> str:
    return next((str(e["text"]) for e in iter_elements(card)
                 if str(e.get("text", "")).startswith("Steg ")), "")


async def no_delegated_decisions(bot: BotHarness, user: ChatUser,
                                 card: dict[str, Any]) -> dict[str, Any]:
    """The Delegationsbeslut step after the goals (the user holds delegation points):
    "Inga beslut denna månad", then Nästa – the review."""
    assert step_line(card).endswith(": Delegationsbeslut"), step_line(card)
    confirmed = await press(bot, user, card, "Inga beslut denna månad")
    assert "Noterat: inga beslut på delegation" in str(confirmed)
    review = await press(bot, user, confirmed, "Nästa")
    assert "Granska och skicka in" in step_line(review)
    return review


async def to_review(bot: BotHarness, user: ChatUser, card: dict[str, Any]) -> dict[str, Any]:
    """Every goal step filled in, the Delegationsbeslut step answered: the review."""
    while goal_ids(card):
        card = await fill_and_next(bot, user, card)
    if step_line(card).endswith(": Delegationsbeslut"):
        card = await no_delegated_decisions(bot, user, card)
    assert "Granska och skicka in" in str(card)
    return card


class Db:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(sync_url(url))

    def scalar(self, stmt: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(stmt).scalar_one_or_none()

    def count(self, model: type, *where: Any) -> int:
        stmt = select(func.count()).select_from(model)
        for clause in where:
            stmt = stmt.where(clause)
        return int(self.scalar(stmt))

    def unit_id(self, code: str) -> int:
        return int(self.scalar(select(OrgUnit.id).where(OrgUnit.code == code)))

    def period_id(self, period: str) -> int:
        return int(self.scalar(select(ReportingPeriod.id).where(ReportingPeriod.period == period)))

    def results(self, unit_code: str, period: str = "2026-10") -> int:
        return self.count(GoalResult, GoalResult.unit_id == self.unit_id(unit_code),
                          GoalResult.period_id == self.period_id(period))

    def report(self, unit_code: str, period: str = "2026-10") -> Any:
        with self.engine.connect() as conn:
            return conn.execute(select(UnitReport).where(
                UnitReport.unit_id == self.unit_id(unit_code),
                UnitReport.period_id == self.period_id(period))).first()


@pytest.fixture
def db(demo_url: str) -> Any:
    database = Db(demo_url)
    yield database
    database.engine.dispose()


async def start_report(bot: BotHarness, user: ChatUser = ALEX) -> dict[str, Any]:
    reply = await bot.send(user, "rapportera")
    (prompt,) = reply.cards
    assert "oktober 2026" in str(prompt)
    return await press(bot, user, prompt, "Rapportera")


# --------------------------------------------------------------------------- the happy path


async def test_alex_completes_the_report_with_only_the_card(demo_bot: BotHarness, db: Db
                                                            ) -> None:
    reply = await demo_bot.send(ALEX, "rapportera")
    (prompt,) = reply.cards
    content = str(prompt)
    assert "Barn- och utbildningsförvaltningen" in content
    assert "fredag 6 november kl. 16.00" in content
    assert "Medborgare" in content and "Medarbetare" in content

    card = await press(demo_bot, ALEX, prompt, "Rapportera")
    assert "Steg 1 av 6: Medborgare" in str(card)
    seen = ["Medborgare"]
    for label in ("Verksamhet", "Ekonomi", "Medarbetare"):
        card = await fill_and_next(demo_bot, ALEX, card)
        assert label in str(card)
        seen.append(label)
    card = await fill_and_next(demo_bot, ALEX, card)
    # Alex holds delegation points: the Delegationsbeslut step, then the review
    assert step_line(card) == "Steg 5 av 6: Delegationsbeslut"
    card = await no_delegated_decisions(demo_bot, ALEX, card)
    assert "Granska och skicka in" in str(card)
    assert "Alla 10 mål är ifyllda." in str(card)
    assert db.report("BUF").status == "draft"

    receipt = await press(demo_bot, ALEX, card, "Skicka in")
    text = str(receipt)
    assert "Tack, Alex! Rapporten är inskickad." in text
    assert "Alex Wilber" in text and "onsdag 4 november kl. 10.30" in text
    assert "10 uppfylls · 0 uppfylls delvis · 0 uppfylls inte" in text
    # Ändra, and the step after the perspectives: BUF's open decisions (beslut).
    assert [b["title"] for b in buttons(receipt)] == ["Ändra", "Följ upp beslut (2)"]
    row = db.report("BUF")
    assert row.status == "submitted" and not row.late
    assert db.results("BUF") == 10
    assert db.count(AuditEntry, AuditEntry.action == "unit_report.submit") == 1

    # Typing "rapportera" again shows the unit as submitted.
    again = (await demo_bot.send(ALEX, "rapportera")).cards[0]
    assert "Inskickad onsdag 4 november kl. 10.30." in str(again)


async def test_invalid_input_comes_back_at_the_field_and_nothing_is_stored(
    demo_bot: BotHarness, db: Db
) -> None:
    card = await start_report(demo_bot)
    first, second = goal_ids(card)[:2]
    assert has_value_input(card, first)
    fill = fill_green(card)
    fill[f"g{first}.value"] = "abc"
    fill[f"g{second}.status"] = "red"
    fill[f"g{second}.actions"] = ""
    if has_value_input(card, second):
        fill[f"g{second}.value"] = ""  # red at the target would be asked about
    back = await press(demo_bot, ALEX, card, "Nästa", **fill)
    content = str(back)
    assert "Steg 1 av 6: Medborgare" in content
    assert "”abc” är inte ett tal" in content
    assert "Beskriv vilka åtgärder ni vidtar" in content
    values = input_values(back)
    assert values[f"g{first}.value"] == "abc"
    assert values[f"g{second}.status"] == "red"
    assert values[f"g{first}.analysis"] == fill[f"g{first}.analysis"]
    assert db.results("BUF") == 0
    assert db.count(AuditEntry) == 0

    # Corrected (the target as shown, e.g. "12,5 %": a Swedish decimal with its unit),
    # the step saves and moves on.
    fixed = await press(demo_bot, ALEX, back, "Nästa", **{
        f"g{first}.value": shown_targets(back).get(first, "12,5"),
        f"g{second}.actions": "Extra stöd i matematik."})
    assert "Steg 2 av 6: Verksamhet" in str(fixed)
    assert db.results("BUF") == len(goal_ids(card))


async def test_someone_else_cannot_report_for_alexs_unit(demo_bot: BotHarness, db: Db) -> None:
    card = await start_report(demo_bot)
    fill = fill_green(card)
    for intruder in (ADELE, STRANGER):
        action = button(card, "Nästa")
        reply = await demo_bot.execute(intruder, action["verb"], {**action["data"], **fill})
        assert reply.status == 200
        assert reply.invoke_card is not None
        content = str(reply.invoke_card)
        assert "Du kan inte rapportera" in content or "hittar dig inte" in content
    assert db.results("BUF") == 0
    # "rapportera BUF" for Adele names her own units instead.
    reply = await demo_bot.send(ADELE, "rapportera BUF")
    assert "BUF-FS-01" in reply.text


async def test_replaying_the_submit_stores_one_audit_entry(demo_bot: BotHarness, db: Db) -> None:
    card = await to_review(demo_bot, ALEX, await start_report(demo_bot))
    first = await press(demo_bot, ALEX, card, "Skicka in")
    again = await press(demo_bot, ALEX, card, "Skicka in")  # double click / old card
    assert "Rapporten är inskickad" in str(first)
    assert "redan inskickad" in str(again)
    assert db.count(AuditEntry, AuditEntry.action == "unit_report.submit") == 1
    assert db.count(AuditEntry, AuditEntry.entity == "goal_result") == 10
    # The fallback path (Action.Submit as a message) answers with a card too.
    action = button(card, "Skicka in")
    reply = await demo_bot.submit(ALEX, action["fallback"]["data"])
    assert "redan inskickad" in str(reply.cards)
    assert db.count(AuditEntry, AuditEntry.action == "unit_report.submit") == 1


async def test_change_reopens_a_submitted_report(demo_bot: BotHarness, db: Db) -> None:
    card = await to_review(demo_bot, ALEX, await start_report(demo_bot))
    receipt = await press(demo_bot, ALEX, card, "Skicka in")
    step = await press(demo_bot, ALEX, receipt, "Ändra")
    assert "Steg 1 av 6" in str(step) and "Rapporten är inskickad" in str(step)
    gid = goal_ids(step)[0]
    assert input_values(step)[f"g{gid}.status"] == "green"  # the stored values are shown
    audits = db.count(AuditEntry)
    step = await press(demo_bot, ALEX, step, "Nästa", **{
        f"g{gid}.status": "yellow", f"g{gid}.actions": "Läxhjälp två dagar i veckan."})
    assert db.count(AuditEntry) == audits + 1
    while "Granska och skicka in" not in str(step):
        step = await press(demo_bot, ALEX, step, "Nästa")
    receipt = await press(demo_bot, ALEX, step, "Skicka in")
    assert "9 uppfylls · 1 uppfylls delvis · 0 uppfylls inte" in str(receipt)
    assert db.report("BUF").status == "submitted"


async def test_same_as_last_month_fills_the_empty_fields(demo_bot: BotHarness) -> None:
    card = await start_report(demo_bot)
    gid = goal_ids(card)[0]
    filled = await press(demo_bot, ALEX, card, "Samma som förra månaden")
    values = input_values(filled)
    assert values[f"g{gid}.status"] in {"green", "yellow", "red"}
    assert values[f"g{gid}.analysis"]
    assert "september 2026" in str(filled)


# --------------------------------------------------------------------------- time and restarts


async def test_old_card_from_a_closed_period_is_answered_politely(
    demo_bot: BotHarness, demo_url: str, db: Db
) -> None:
    card = await start_report(demo_bot)
    async with BotHarness(make_settings(demo_url), clock=fixed_clock(AFTER_CLOSE)) as later:
        closed = await press(later, ALEX, card, "Nästa", **fill_green(card))
        content = str(closed)
        assert "Perioden är stängd" in content
        assert "Rapporteringen för november 2026 är öppen" in content
        prompt = await press(later, ALEX, closed, "Rapportera")
        assert "november 2026" in str(prompt)
    assert db.results("BUF") == 0


async def test_late_submission_is_marked_late(demo_url: str, db: Db) -> None:
    async with BotHarness(make_settings(demo_url), clock=fixed_clock(AFTER_DEADLINE)) as bot:
        card = await to_review(bot, ALEX, await start_report(bot))
        receipt = await press(bot, ALEX, card, "Skicka in")
    assert "försenad" in str(receipt)
    assert db.report("BUF").late


async def test_a_restart_keeps_the_draft(demo_url: str) -> None:
    async with BotHarness(make_settings(demo_url), clock=fixed_clock()) as bot:
        card = await start_report(bot)
        gid = goal_ids(card)[0]
        saved = await press(bot, ALEX, card, "Spara utkast", **{
            f"g{gid}.status": "yellow", f"g{gid}.analysis": "Sparad före omstart.",
            f"g{gid}.actions": "Mer stöd."})
        assert "Utkastet sparades" in str(saved)
    async with BotHarness(make_settings(demo_url), clock=fixed_clock()) as bot:
        reply = await bot.send(ALEX, "rapportera")
        assert "Utkast sparat – 1 av 10 mål klara." in str(reply.cards)
        card = await press(bot, ALEX, reply.cards[0], "Rapportera")
        values = input_values(card)
        assert values[f"g{gid}.analysis"] == "Sparad före omstart."
        assert values[f"g{gid}.status"] == "yellow"


# --------------------------------------------------------------------------- no open period


@pytest.fixture
async def between_periods(sqlite_url: str) -> AsyncIterator[BotHarness]:
    seed_report_org(sqlite_url)
    # Tuesday 1 December 2026, 07.00 in Stockholm: October closed, November opens at 08.00.
    clock = fixed_clock(datetime(2026, 12, 1, 6, 0, tzinfo=UTC))
    async with BotHarness(make_settings(sqlite_url), clock=clock) as harness:
        yield harness


async def test_no_open_period_says_when_the_next_opens(between_periods: BotHarness) -> None:
    reply = await between_periods.send(ALEX, "rapportera")
    assert "Ingen rapportperiod är öppen just nu" in reply.text
    assert "november 2026" in reply.text and "tisdag 1 december kl. 08.00" in reply.text


async def test_acting_manager_sees_both_units_and_reports_by_code(sqlite_url: str) -> None:
    seed_report_org(sqlite_url)
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock(DEMO_NOW)) as bot:
        reply = await bot.send(ALEX, "rapportera")
        (prompt,) = reply.cards
        titles = [b["title"] for b in buttons(prompt)]
        assert titles == ["Rapportera – Socialförvaltningen", "Rapportera – Hemtjänst Syd"]
        assert "ställföreträdande" in str(prompt)
        reply = await bot.send(ALEX, "rapportera hem-s")
        (single,) = reply.cards
        assert [b["title"] for b in buttons(single)] == ["Rapportera"]
        card = await press(bot, ALEX, single, "Rapportera")
        assert "Hemtjänst Syd" in str(card)


async def test_admin_and_acting_manager_cannot_overwrite_each_other(sqlite_url: str) -> None:
    from testing.report_fixtures import ADMIN_AAD

    admin = ChatUser("Ada Admin", ADMIN_AAD)
    seed_report_org(sqlite_url)
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock(DEMO_NOW)) as bot:
        alex_card = await press(bot, ALEX, (await bot.send(ALEX, "rapportera hem-s")).cards[0],
                                "Rapportera")
        admin_card = await press(bot, admin,
                                 (await bot.send(admin, "rapportera hem-s")).cards[0],
                                 "Rapportera")
        gid = goal_ids(admin_card)[0]
        saved = await press(bot, admin, admin_card, "Spara utkast", **{
            f"g{gid}.status": "green", f"g{gid}.analysis": "Adas bedömning."})
        assert "Utkastet sparades" in str(saved)

        clash = await press(bot, ALEX, alex_card, "Nästa", **{
            f"g{gid}.status": "red", f"g{gid}.analysis": "Alex bedömning.",
            f"g{gid}.actions": "Alex åtgärd."})
        content = str(clash)
        assert "Någon annan har ändrat rapporten" in content
        assert "Ada Admin ändrade rapporten onsdag 4 november kl. 10.30" in content
        assert "Du skrev: Alex bedömning." in content
        assert input_values(clash)[f"g{gid}.analysis"] == "Adas bedömning."  # what is stored

        # Having seen Ada's text, Alex may now save deliberately (the card has the new version).
        after = await press(bot, ALEX, clash, "Nästa", **{
            f"g{gid}.status": "red", f"g{gid}.actions": "Gemensam åtgärd."})
        assert "Steg 2 av 5" in str(after)
    database = Db(sqlite_url)
    try:
        assert database.count(AuditEntry) == 2
        assert database.scalar(select(GoalResult.actions).where(GoalResult.goal_id == gid)) == (
            "Gemensam åtgärd.")
    finally:
        database.engine.dispose()


STAND_IN_LINE = ("Alex Wilber är ställföreträdande chef till och med 30 november 2026 och "
                 "rapporterar för enheten")


async def test_ordinary_manager_reads_the_unit_while_someone_else_acts(sqlite_url: str) -> None:
    """Lee Gu manages Hemtjänst Syd; Alex Wilber is acting (15 Oct – 30 Nov). Lee sees the
    unit and its report, read-only, with who reports; nothing Lee sends is stored."""
    from testing.report_fixtures import LEE_AAD

    lee = ChatUser("Lee Gu", LEE_AAD)
    org = seed_report_org(sqlite_url)
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock(DEMO_NOW)) as bot:
        # Alex (acting) saves a draft of the first goal.
        alex_card = await press(bot, ALEX, (await bot.send(ALEX, "rapportera hem-s")).cards[0],
                                "Rapportera")
        gid = goal_ids(alex_card)[0]
        await press(bot, ALEX, alex_card, "Spara utkast", **{
            f"g{gid}.status": "yellow", f"g{gid}.analysis": "Alex bedömning.",
            f"g{gid}.actions": "Alex åtgärd."})

        (prompt,) = (await bot.send(lee, "rapportera")).cards
        assert STAND_IN_LINE in str(prompt)
        assert [b["title"] for b in buttons(prompt)] == ["Visa rapporten"]
        view = await press(bot, lee, prompt, "Visa rapporten")
        assert STAND_IN_LINE in str(view)
        assert "Alex bedömning." in str(view)
        assert input_values(view) == {}
        assert not [b for b in buttons(view) if str(b["verb"]).startswith("report.")]

        # A card Lee kept from before (or forged) cannot write or submit.
        data = {"unit": org.hem_s_id, "period": "2026-10", "step": "citizens", "version": 1,
                f"g{gid}.status": "green", f"g{gid}.analysis": "Lees bedömning."}
        for verb in ("report.save", "report.step", "report.submit", "report.edit"):
            reply = await bot.execute(lee, verb, data)
            assert reply.status == 200 and reply.invoke_card is not None
            assert STAND_IN_LINE in str(reply.invoke_card), verb
            assert "Lees bedömning." not in str(reply.invoke_card)

        # The text dialog: the same line, the report's state, no questions.
        for command in ("rapportera text", "rapportera text HEM-S"):
            reply = await bot.send(lee, command)
            assert STAND_IN_LINE in reply.text, command
            assert "Sammanfattning – Hemtjänst Syd" in reply.text
            assert not reply.cards
        # …and the dialog did not start: a status word is not taken as an answer.
        reply = await bot.send(lee, "grön")
        assert STAND_IN_LINE not in reply.text
    database = Db(sqlite_url)
    try:
        assert database.scalar(select(GoalResult.analysis).where(GoalResult.goal_id == gid)) == (
            "Alex bedömning.")
        assert database.count(AuditEntry) == 1  # Alex's draft only
        report = database.report("HEM-S")
        assert report.status == "draft" and report.version == 1
    finally:
        database.engine.dispose()


async def test_a_forged_goal_id_on_the_card_is_rejected(demo_bot: BotHarness, db: Db) -> None:
    card = await start_report(demo_bot)
    foreign = db.scalar(select(GoalResult.goal_id).where(
        GoalResult.unit_id == db.unit_id("BUF-FS-01")).limit(1))
    fill = fill_green(card)
    fill[f"g{foreign}.status"] = "green"
    back = await press(demo_bot, ALEX, card, "Nästa", **fill)
    assert "inte hör till enheten" in str(back)
    assert db.results("BUF") == 0
    assert db.count(AuditEntry) == 0


async def test_prompt_for_the_scheduler(sqlite_url: str) -> None:
    from zoneinfo import ZoneInfo

    from followup.calendar import CalendarConfig
    from services.prompting import build_prompt_message, prompt_card_for
    from storage.db import make_async_engine, make_sessionmaker

    org = seed_report_org(sqlite_url)
    engine = make_async_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            card = await prompt_card_for(session, person_id=org.alex_id, period="2026-10",
                                         now=DEMO_NOW, cfg=CalendarConfig(), lang="sv",
                                         tz=ZoneInfo("Europe/Stockholm"))
            nobody = await prompt_card_for(session, person_id=org.admin_id, period="2026-10",
                                           now=DEMO_NOW, cfg=CalendarConfig())
    finally:
        await engine.dispose()
    assert card is not None and nobody is None
    assert [b["data"]["unit"] for b in buttons(card)] == [org.soc_id, org.hem_s_id]
    activity = build_prompt_message(card, period="2026-10")
    assert activity.attachments is not None
    assert activity.attachments[0].content_type == "application/vnd.microsoft.card.adaptive"
    assert activity.summary == "Månadsuppföljning oktober 2026: dags att rapportera"
