"""Hostile input at the real endpoint: malformed, oversized and nonsensical activities.

A hypothesis property test throws random JSON, wrong types for every field, huge strings,
deep nesting, invokes and card actions with garbage values at /api/messages of a real bot
(BotHarness, seeded demo kommun) and checks what must always hold:

* never a 5xx - a bad request gets a 4xx, anything else a polite reply;
* a refused request (4xx) sends nothing;
* no row of the domain tables changes (the payloads are never valid data);
* memory stays bounded (tracemalloc peak over the whole run).

Card payloads carry the verbs the bot really emits, with data of the wrong shape, so the
garbage reaches the card handlers. Random *reachable* service URLs are left out on purpose:
in local mode the bot would try to deliver its reply there (production binds the service
URL to the token, see test_security_jwt.py).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import tracemalloc
from typing import Any

import pytest
from aiohttp import ClientSession
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.period import Period, PeriodError
from testing.conversation_shapes import in_conversation
from testing.db_snapshot import DOMAIN_TABLES, TURN_TABLES, table_digests
from testing.harness import ADELE, ALEX, MEGAN, STRANGER, BotHarness, ChatUser, make_settings
from tests.conftest import fixed_clock

MAX_BODY = 64 * 1024  # small limit, so oversized bodies are cheap to produce
MEMORY_PEAK_BOUND = 64 * 1024 * 1024
DELETE = object()

USERS = (ALEX, MEGAN, ADELE, STRANGER)


def _known_verbs() -> list[str]:
    """The verbs the bot's cards emit (from the feature modules that exist)."""
    verbs: set[str] = set()
    for module_name, attr in (("cards.report", "VERBS"), ("dialogs.decisions", "VERBS"),
                              ("cards.summary", "VERB_SHOW"), ("cards.summary", "VERBS")):
        try:
            value = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError):
            continue
        verbs.update([value] if isinstance(value, str) else value)
    return sorted(verbs) or ["report.open"]


KNOWN_VERBS = _known_verbs()
REPORT_KEYS = ["unit", "period", "step", "version", "goal", "id", "decision", "status",
               "g1.status", "g1.value", "g1.result", "g1.actions", "comment", "reason",
               "title", "reference", "due", "verb"]
# The decision cards' data (cards/decisions.py, read in dialogs/decisions.py). The ids in
# the per-decision keys are demo decisions of Alex (2) and Adele (4), so a round with them
# gets past "not your unit" to the status checks.
DECISION_IDS = (2, 4)
DECISION_KEYS = ["decision_id", "unit_id", "expected", "decided_on", "decided_by",
                 "assignment", "unit", "due_date",
                 *(f"{prefix}_{i}" for i in DECISION_IDS
                   for prefix in ("expected", "status", "comment"))]
DATA_KEYS = sorted(set(REPORT_KEYS) | set(DECISION_KEYS))

# --------------------------------------------------------------------------- strategies

scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def _nest(depth: int, leaf: Any, as_dict: bool) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


deep_values = st.builds(_nest, st.integers(50, 900), scalars, st.booleans())
huge_strings = st.builds(lambda ch, n: ch * n,
                         st.sampled_from(["a", "å", "😀", "\u0000", "<at>x</at>", "\\", '"']),
                         st.integers(1_000, 40_000))
garbage = json_values | deep_values | huge_strings

# Values for known card-data keys that can never be valid data (wrong type or shape).
# Digits int() refuses ("²".isdigit() is true), more digits than int() parses, periods
# that look right but are not.
TRICKY_TEXTS = ("²", "①", "١٢", "9" * 5000, "2026-13", "0000-00", "2026-1", " 12 ")
wrong_ids = (st.floats(allow_nan=True).filter(lambda f: f != int(f) if f == f and abs(f) < 1e300
                                              else True)
             | st.lists(st.integers(), max_size=3) | st.dictionaries(st.text(max_size=4),
                                                                     scalars, max_size=2)
             | st.integers(max_value=-1) | st.integers(min_value=2**31, max_value=2**70)
             | st.sampled_from(TRICKY_TEXTS)
             | st.text(alphabet="abcxyz-/. ", min_size=1, max_size=20))
card_data = st.dictionaries(
    st.sampled_from(DATA_KEYS) | st.text(max_size=12), wrong_ids | garbage, max_size=5)
bad_service_urls = st.sampled_from(
    ["http://", "https://", "http://[::1", "http:// space.example", "https://%zz",
     "http://\u0000/", "ftp://example.com", "javascript:alert(1)", "", "   "])
entity_garbage = st.lists(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["ProductInfo", "mention", "clientInfo", "streaminfo"])
         | st.text(max_size=10)},
        optional={"id": json_values, "text": json_values, "mentioned": json_values,
                  "streamType": json_values, "streamSequence": json_values},
    ),
    max_size=3,
)
FIELD_SPECIFIC: dict[str, st.SearchStrategy[Any]] = {
    "serviceUrl": bad_service_urls,
    "channelId": st.sampled_from(["msteams:abc", "msteams:", ":", "webchat", "emulator",
                                  "directline", "msteams:sub:sub"]),
    "entities": entity_garbage,
    "type": st.sampled_from(["invoke", "message", "event", "typing", "endOfConversation",
                             "messageUpdate", "messageDelete", "invokeResponse", "trace"]),
    "name": st.sampled_from(["adaptiveCard/action", "task/fetch", "signin/verifyState",
                             "application/search", "composeExtension/query"]),
}

TOP_FIELDS = ["type", "id", "channelId", "serviceUrl", "timestamp", "localTimestamp", "locale",
              "from", "recipient", "conversation", "channelData", "text", "textFormat",
              "value", "name", "attachments", "entities", "membersAdded", "membersRemoved",
              "action", "replyToId", "label", "valueType", "deliveryMode", "relatesTo",
              "callerId", "suggestedActions", "importance", "expiration"]
NESTED_FIELDS = [("from", "id"), ("from", "aadObjectId"), ("from", "name"),
                 ("conversation", "id"), ("conversation", "conversationType"),
                 ("conversation", "tenantId"), ("recipient", "id"),
                 ("channelData", "tenant")]


def _base_activity(bot: BotHarness, user: ChatUser, kind: str, verb: str, data: Any,
                   text: str) -> dict[str, Any]:
    if kind == "message":
        return bot.activity(user, text=text)
    if kind == "submit":
        value = dict(data) if isinstance(data, dict) else {"data": data}
        value["verb"] = verb
        return bot.activity(user, value=value)
    if kind == "execute":
        return bot.activity(user, type="invoke", name="adaptiveCard/action",
                            value={"action": {"type": "Action.Execute", "verb": verb,
                                              "data": data}, "trigger": "manual"})
    if kind == "invoke":
        return bot.activity(user, type="invoke", name=text[:60], value=data)
    if kind == "install":
        return bot.activity(user, type="installationUpdate", action=text[:20])
    if kind == "members":
        return bot.activity(user, type="conversationUpdate", membersAdded=data)
    return bot.activity(user, type=text[:30] or "x", value=data)


activity_kinds = st.sampled_from(
    ["message", "submit", "execute", "execute", "submit", "invoke", "install", "members",
     "other"])


@st.composite
def hostile_requests(draw: st.DrawFn, bot: BotHarness) -> tuple[str, bytes, str]:
    """(label, body, content type)."""
    shape = draw(st.sampled_from(["activity"] * 8 + ["raw", "deep", "oversized", "non-object"]))
    if shape == "raw":
        body = draw(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
        return "raw", body, draw(st.sampled_from(["application/json", "text/plain"]))
    if shape == "deep":
        depth = draw(st.integers(900, 30_000))
        opener = draw(st.sampled_from(["[", '{"a":']))
        return "deep", (opener * depth).encode(), "application/json"
    if shape == "oversized":
        size = draw(st.integers(MAX_BODY + 1, MAX_BODY * 3))
        body = json.dumps(bot.activity(ALEX, text="x" * size)).encode()
        return "oversized", body, "application/json"
    if shape == "non-object":
        return "non-object", json.dumps(draw(json_values)).encode(), "application/json"

    user = draw(st.sampled_from(USERS))
    kind = draw(activity_kinds)
    verb = draw(st.sampled_from(KNOWN_VERBS) | st.text(max_size=30))
    activity = _base_activity(bot, user, kind, verb, draw(card_data | garbage),
                              draw(st.text(max_size=200) | huge_strings))
    # Half of the activities keep a valid envelope, so the garbage reaches the handlers.
    mutated = st.lists(st.sampled_from(TOP_FIELDS), min_size=1, max_size=3, unique=True)
    for field in draw(st.just([]) | mutated):
        value = draw(garbage | st.just(DELETE) | FIELD_SPECIFIC.get(field, st.nothing()))
        if value is DELETE:
            activity.pop(field, None)
        else:
            activity[field] = value
    nested = st.lists(st.sampled_from(NESTED_FIELDS), min_size=1, max_size=2, unique=True)
    for outer, inner in draw(st.just([]) | nested):
        if isinstance(activity.get(outer), dict):
            activity[outer] = {**activity[outer], inner: draw(garbage)}
    body = json.dumps(activity, allow_nan=True).encode()
    return f"activity:{kind}", body, "application/json"


# --------------------------------------------------------------------------- the test


def _short(body: bytes) -> str:
    return body[:300].decode(errors="replace") + (f"... ({len(body)} bytes)"
                                                  if len(body) > 300 else "")


@pytest.fixture
def demo_db(demo_url: str) -> str:
    """The seeded demo kommun on SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set
    (``demo_url`` is parametrised over both)."""
    return demo_url


def test_hostile_requests_never_break_the_bot_nor_change_data(demo_db: str) -> None:
    demo_url = demo_db
    loop = asyncio.new_event_loop()
    settings_ = make_settings(demo_url, MAX_BODY_BYTES=str(MAX_BODY))
    bot = BotHarness(settings_, clock=fixed_clock())
    loop.run_until_complete(bot.start())
    statuses: dict[int, int] = {}
    try:
        for user in USERS:  # first contact links Teams ids to people: not part of the check
            loop.run_until_complete(bot.send(user, "hej"))
        before = table_digests(demo_url, DOMAIN_TABLES)

        async def post(body: bytes, content_type: str) -> tuple[int, int]:
            assert bot.http is not None
            sent_before = len(bot.connector.records)
            async with bot.http.post(bot.endpoint, data=body,
                                     headers={"Content-Type": content_type}) as resp:
                await resp.read()
                return resp.status, len(bot.connector.records) - sent_before

        def property_with(max_examples: int) -> Any:
            @settings(max_examples=max_examples, deadline=None, derandomize=True,
                      database=None, suppress_health_check=list(HealthCheck))
            @given(data=st.data())
            def check(data: st.DataObject) -> None:
                one_request(data)

            return check

        def one_request(data: st.DataObject) -> None:
            label, body, content_type = data.draw(hostile_requests(bot))
            status, sent = loop.run_until_complete(post(body, content_type))
            statuses[status] = statuses.get(status, 0) + 1
            assert status < 500, f"{label} -> {status}: {_short(body)}"
            if 400 <= status < 500:
                assert sent == 0, f"{label} refused with {status} but sent {sent} message(s)"
            if label == "oversized":
                assert status == 413
            if label in ("deep", "raw", "non-object") and content_type == "application/json":
                assert status in (400, 413)

        # Warm-up, untraced: the first requests import and build lazily loaded code
        # (modules compiled on a fresh clone, pydantic schemas, SQL statement caches).
        property_with(40)()
        tracemalloc.start()
        property_with(150)()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        assert table_digests(demo_url, DOMAIN_TABLES) == before
        assert peak < MEMORY_PEAK_BOUND, f"tracemalloc peak {peak / 2**20:.1f} MiB"
        # The bot still works after all that.
        reply = loop.run_until_complete(bot.send(ALEX, "hjälp"))
        assert "Det här kan Målbot" in reply.text
        assert sum(statuses.values()) >= 150
        assert any(s < 300 for s in statuses) and any(400 <= s < 500 for s in statuses)
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        loop.run_until_complete(bot.stop())
        loop.close()


# --------------------------------------------------------------------------- field by field

# Each value is sent in place of one field of an otherwise well-formed decision card
# payload (and each field is also left out once).
HOSTILE_FIELD_VALUES: tuple[Any, ...] = (
    None, True, 1.5, -1, 0, 2**31, 2**65, [], {"a": 1}, "", "x" * 3000, "\u202e",
    *TRICKY_TEXTS,
)


def test_every_card_field_with_hostile_values(demo_db: str) -> None:
    """Deterministic companion of the property test: every field of the decision,
    report and summary buttons' data gets every hostile value, from a manager of the
    unit (Alex, BUF) who is also an administrator, so the handlers get past the
    permission checks. Never a 5xx, and whatever is stored stays well-formed."""

    from sqlalchemy import create_engine, select

    from storage.db import sync_url
    from storage.models import DecisionUpdate, OrgUnit

    engine = create_engine(sync_url(demo_db))
    with engine.connect() as conn:
        buf = conn.execute(select(OrgUnit.id).where(OrgUnit.code == "BUF")).scalar_one()
    bases: dict[str, dict[str, Any]] = {
        "decision.open": {"unit_id": buf, "period": "2026-10"},
        "decision.edit": {"decision_id": 2},
        "decision.update": {"decision_id": 2, "expected": "in_progress",
                            "status": "in_progress", "comment": "Pågår.", "period": "2026-10"},
        "decision.round": {"unit_id": buf, "period": "2026-10",
                           "expected_2": "in_progress", "status_2": "in_progress",
                           "comment_2": "", "expected_3": "not_started",
                           "status_3": "not_started", "comment_3": ""},
        "decision.create": {"reference": "KS 2026/999", "decided_on": "2026-10-01",
                            "decided_by": "KS", "title": "Fuzz", "assignment": "",
                            "unit": "BUF", "due_date": "2026-12-31"},
        "report.open": {"unit": buf, "period": "2026-10"},
        "report.step": {"unit": buf, "period": "2026-10", "step": "citizens", "version": 0},
        "summary.show": {"unit": buf, "period": "2026-10"},
    }
    assert ALEX.aad_object_id
    loop = asyncio.new_event_loop()
    bot = BotHarness(make_settings(demo_db, ADMIN_AAD_IDS=ALEX.aad_object_id),
                     clock=fixed_clock())
    loop.run_until_complete(bot.start())
    failures: list[str] = []
    try:
        loop.run_until_complete(bot.send(ALEX, "hej"))
        for verb, base in bases.items():
            for key in base:
                variants = [{k: v for k, v in base.items() if k != key}]
                variants += [{**base, key: value} for value in HOSTILE_FIELD_VALUES]
                for data in variants:
                    reply = loop.run_until_complete(bot.execute(ALEX, verb, data))
                    answered = reply.invoke_card is not None or bool(reply.text) or \
                        (isinstance(reply.body, dict) and bool(reply.body.get("value")))
                    if reply.status >= 500 or not answered:
                        failures.append(f"{verb} {key}={str(data.get(key))[:30]!r}: "
                                        f"{reply.status}")
        reply = loop.run_until_complete(bot.send(ALEX, "beslut"))
        assert reply.cards, "the bot still lists decisions"
    finally:
        loop.run_until_complete(bot.stop())
        loop.close()
    assert failures == []
    with engine.connect() as conn:
        periods = conn.execute(select(DecisionUpdate.period)).scalars().all()
    engine.dispose()
    # every stored period is a real period code (month, tertial, delår, helår): nothing
    # hostile was taken for one
    assert all(p is None or _is_period_code(p) for p in periods), periods


def _is_period_code(text: str) -> bool:
    try:
        return Period.parse(text).code == text
    except PeriodError:
        return False


# --------------------------------------------------------------------------- fixed cases


@pytest.fixture
async def small_bot(sqlite_url: str) -> Any:
    async with BotHarness(make_settings(sqlite_url, MAX_BODY_BYTES=str(MAX_BODY)),
                          clock=fixed_clock()) as harness:
        yield harness


async def test_body_over_the_limit_is_refused_with_413(small_bot: BotHarness) -> None:
    huge = small_bot.activity(ALEX, text="x" * (MAX_BODY + 10))
    reply = await small_bot.post(huge)
    assert reply.status == 413
    assert reply.activities == []


async def test_chunked_body_over_the_limit_is_refused_with_413(small_bot: BotHarness) -> None:
    body = json.dumps(small_bot.activity(ALEX, text="y" * (MAX_BODY * 2))).encode()

    async def chunks() -> Any:
        for i in range(0, len(body), 8192):
            yield body[i:i + 8192]

    async with ClientSession() as http, http.post(
        small_bot.endpoint, data=chunks(), headers={"Content-Type": "application/json"}
    ) as resp:
        assert resp.status == 413
    assert small_bot.connector.records == []


async def test_large_but_allowed_message_gets_a_polite_answer(small_bot: BotHarness) -> None:
    reply = await small_bot.send(ALEX, "å" * (MAX_BODY // 8))  # JSON-escaped: 6 bytes each
    assert reply.status in (200, 202)
    assert reply.text  # an answer in words, not an error status


@pytest.mark.parametrize("opener", ["[", '{"a":'])
async def test_deeply_nested_json_is_a_bad_request(small_bot: BotHarness, opener: str) -> None:
    reply = await small_bot.post((opener * 10_000).encode())
    assert reply.status == 400
    assert reply.activities == []


async def test_execute_with_an_unknown_verb_gets_an_answer_not_a_server_error(
    small_bot: BotHarness,
) -> None:
    reply = await small_bot.execute(ALEX, "no.such.verb", {"unit": "x"})
    assert reply.status == 200
    assert isinstance(reply.body, dict) and reply.body.get("statusCode") == 200
    assert "kortet" in json.dumps(reply.body, ensure_ascii=False)


async def test_unknown_invoke_is_a_bad_request(small_bot: BotHarness) -> None:
    reply = await small_bot.post(small_bot.activity(ALEX, type="invoke", name="no/such",
                                                    value={"x": 1}))
    assert 400 <= reply.status < 500
    assert reply.activities == []


def test_card_payloads_use_the_verbs_the_cards_emit() -> None:
    """Guard: the fuzz reaches the card handlers (a renamed verb list would shrink it)."""
    assert {"report.open", "report.save", "report.submit"} <= set(KNOWN_VERBS)
    assert {"decision.list", "decision.open", "decision.edit", "decision.update",
            "decision.round", "decision.new", "decision.create"} <= set(KNOWN_VERBS)


def test_card_payloads_use_the_keys_the_decision_cards_emit() -> None:
    """Guard: every data key and input id of the decision cards is fuzzed."""
    from datetime import date

    from cards.decisions import decision_round_card, decision_update_card, new_decision_card
    from followup.decision_rules import DecisionInfo, DecisionRole, DecisionStatus
    from tests.conftest import DEMO_NOW

    decisions = [
        DecisionInfo(id=i, reference=f"KS 2026/{i}", decided_on=date(2026, 1, 1),
                     decided_by="KS", title="Titel", assignment="", unit_id=7,
                     unit_code="U", unit_name="Enhet", due_date=None,
                     status=DecisionStatus.IN_PROGRESS, created_at=DEMO_NOW)
        for i in DECISION_IDS
    ]
    today = date(2026, 11, 4)
    cards = [decision_round_card("sv", "Enhet", 7, "2026-10", decisions, today),
             decision_update_card("sv", decisions[0], today, role=DecisionRole.MANAGER,
                                  period="2026-10"),
             new_decision_card("sv", [("U", "Enhet")])]
    emitted: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and node.get("type", "").startswith("Input."):
                emitted.add(node["id"])
            if node.get("type") == "Action.Execute":
                emitted.update(node["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for card in cards:
        walk(card)
    emitted.discard("verb")
    assert emitted <= set(DATA_KEYS), emitted - set(DATA_KEYS)


@pytest.mark.parametrize("where", ["text", "conversation id", "card value key"])
async def test_nul_characters_are_a_bad_request(any_db_url: str, where: str) -> None:
    """PostgreSQL cannot store NUL in text: refuse it at the door, on every database."""
    async with BotHarness(make_settings(any_db_url), clock=fixed_clock()) as bot:
        activity = bot.activity(ALEX, text="hej")
        if where == "text":
            activity["text"] = "hej\x00då"
        elif where == "conversation id":
            activity["conversation"] = {**activity["conversation"], "id": "a:1on1\x00x"}
        else:
            activity = bot.activity(ALEX, value={"verb": "report.open", "g1\x00": "x"})
        before = table_digests(any_db_url, TURN_TABLES)
        reply = await bot.post(activity)
        assert reply.status == 400
        assert reply.activities == []
        assert table_digests(any_db_url, TURN_TABLES) == before


async def test_activity_the_sdk_itself_refuses_is_a_bad_request(small_bot: BotHarness) -> None:
    """A sub-channel that contradicts the productInfo entity: the SDK raises a bare
    Exception while parsing; the endpoint answers 400, not 500."""
    activity = small_bot.activity(ALEX, text="hjälp", channelId="msteams:abc",
                                  entities=[{"type": "ProductInfo", "id": "zzz"}])
    reply = await small_bot.post(activity)
    assert reply.status == 400
    assert reply.activities == []


# ----------------------------------------------------------------- Teams shapes, field by field

# Strings that are hostile to text handling: bidi overrides and isolates, zero-width
# characters, C1 controls, a lone surrogate, other scripts' digits, Sami letters, huge.
ODD_STRINGS = ("\u202eevil", "a\u2066b\u2069", "\u200b", "\ufeff", "\x85\x9b", "\ud800",
               "١٢", "１２", "ŋŧđ áčšž", "{'$gt': ''}", "<at>Målbot</at>", "null", "",
               " ", "x" * 5000, "å" * 2000)
any_json = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats(allow_nan=True, allow_infinity=True)
            | st.text(max_size=30) | st.sampled_from(ODD_STRINGS)
            | st.lists(scalars, max_size=3)
            | st.dictionaries(st.text(max_size=8), scalars, max_size=3)
            | st.just({"$gt": ""}))
not_text = any_json.filter(lambda v: v is not None and not isinstance(v, str))

SHAPES = ("message", "submit", "execute", "conversationUpdate")
CONVERSATION_KINDS = ("personal", "personal", "personal", "groupChat", "channel", "meeting")
COMMANDS = ("hjälp", "vem är jag", "rapportera", "beslut", "sammanställning", "status",
            "exportera", "mina enheter", "rapportera text", "nytt beslut")
# Every field of the envelope the SDK and Målbot read, top level and nested.
ENVELOPE_PATHS: tuple[tuple[str, ...], ...] = (
    ("type",), ("id",), ("channelId",), ("serviceUrl",), ("timestamp",), ("locale",),
    ("text",), ("textFormat",), ("name",), ("replyToId",), ("attachments",), ("entities",),
    ("membersAdded",), ("from",), ("from", "id"), ("from", "name"), ("from", "aadObjectId"),
    ("from", "role"), ("recipient",), ("recipient", "id"), ("recipient", "name"),
    ("conversation",), ("conversation", "id"), ("conversation", "conversationType"),
    ("conversation", "isGroup"), ("conversation", "tenantId"), ("conversation", "name"),
    ("channelData",), ("channelData", "tenant"), ("channelData", "tenant", "id"),
    ("channelData", "meeting"), ("channelData", "team"), ("channelData", "channel"),
    ("value",), ("value", "action"), ("value", "action", "type"), ("value", "action", "verb"),
    ("value", "action", "data"), ("value", "verb"),
)


def _set_path(body: dict[str, Any], path: tuple[str, ...], value: Any) -> bool:
    """Set (or, for DELETE, remove) ``path`` in ``body``; False when a parent is not an
    object (the mutation does not apply)."""
    node: Any = body
    for key in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return False
        node[key] = dict(node[key])
        node = node[key]
    if value is DELETE:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return True


def _card_data(demo_url: str) -> dict[str, dict[str, Any]]:
    """Valid data for the verbs that save, for Alex (manager of BUF, admin in this run):
    the text inputs of BUF's first goals and of decision 2."""
    from sqlalchemy import create_engine, select

    from storage.db import sync_url
    from storage.models import Goal, OrgUnit

    engine = create_engine(sync_url(demo_url))
    with engine.connect() as conn:
        buf = conn.execute(select(OrgUnit.id).where(OrgUnit.code == "BUF")).scalar_one()
        goals = conn.execute(select(Goal.id, Goal.indicator_name).where(
            Goal.unit_id == buf, Goal.perspective == "citizens").order_by(Goal.id)).all()
    engine.dispose()
    inputs: dict[str, Any] = {}
    for gid, indicator in goals:
        inputs.update({f"g{gid}.status": "yellow", f"g{gid}.analysis": "Det går framåt.",
                       f"g{gid}.actions": "Fler hembesök."})
        if indicator:
            inputs[f"g{gid}.value"] = "12,5"
    step = {"unit": buf, "period": "2026-10", "step": "citizens", "version": 0}
    return {
        "report.step": {**step, **inputs},
        "report.save": {**step, **inputs},
        "report.submit": {**step, "step": "review", **inputs},
        "decision.update": {"decision_id": 2, "expected": "in_progress",
                            "status": "in_progress", "comment": "Pågår enligt plan.",
                            "period": "2026-10"},
        "decision.round": {"unit_id": buf, "period": "2026-10", "expected_2": "in_progress",
                           "status_2": "in_progress", "comment_2": "Pågår."},
        "decision.create": {"reference": "KS 2026/777", "decided_on": "2026-10-01",
                            "decided_by": "KS", "title": "Fuzzat beslut",
                            "assignment": "Uppdrag.", "unit": "BUF",
                            "due_date": "2026-12-31"},
    }


TEXT_INPUT = ("status", "value", "analysis", "actions", "comment", "title", "assignment",
              "reference", "decided_by", "decided_on", "due_date", "unit")


def _is_text_input(key: str) -> bool:
    return key.rpartition(".")[2] in TEXT_INPUT or key.startswith("comment_")


@st.composite
def teams_requests(draw: st.DrawFn, bot: BotHarness,
                   card_data: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any], str]:
    """(label, activity, what must hold): a Teams-shaped activity with one to three of
    its fields - or one text input of a card - set to a value of any JSON type.

    What must hold beyond "no 5xx": ``"refused-input"`` when a card's text input got a
    non-text value (the domain tables must not change); ``"shared"`` when the activity
    comes from a group chat, meeting or channel (nothing may change at all)."""
    mode = draw(st.sampled_from(["card", "envelope", "as sent", "card", "envelope"]))
    shape = draw(st.sampled_from(("submit", "execute") if mode == "card" else SHAPES))
    kind = draw(st.sampled_from(("personal", "personal", "channel") if mode == "card"
                                else CONVERSATION_KINDS))
    verb = draw(st.sampled_from(sorted(card_data)) if mode == "card" else
                st.sampled_from(sorted(card_data)) | st.sampled_from(KNOWN_VERBS))
    data = dict(card_data.get(verb, {}))
    if shape == "message":
        activity = bot.activity(ALEX, text=draw(st.sampled_from(COMMANDS)))
    elif shape == "submit":
        activity = bot.activity(ALEX, value={"verb": verb, **data})
    elif shape == "execute":
        activity = bot.activity(ALEX, type="invoke", name="adaptiveCard/action",
                                value={"action": {"type": "Action.Execute", "verb": verb,
                                                  "data": data}, "trigger": "manual"})
    else:
        activity = bot.activity(ALEX, type="conversationUpdate",
                                membersAdded=[{"id": ALEX.id,
                                               "aadObjectId": ALEX.aad_object_id}])
    activity = in_conversation(activity, kind)
    expectation = "shared" if kind != "personal" else "any"
    text_keys = sorted(k for k in data if _is_text_input(k))
    if mode == "card" and text_keys:
        key = draw(st.sampled_from(text_keys))
        value = draw(not_text)
        if shape == "submit":
            activity["value"] = {**activity["value"], key: value}
        else:
            activity["value"]["action"]["data"] = {**data, key: value}
        if expectation == "any":
            expectation = "refused-input"
        return f"{shape}:{verb}:{key}", activity, expectation
    paths = draw(st.lists(st.sampled_from(ENVELOPE_PATHS), min_size=1, max_size=3,
                          unique=True)) if mode == "envelope" else []
    for path in paths:
        _set_path(activity, path, draw(any_json | st.just(DELETE)))
    if expectation == "shared" and any(p[0] in ("conversation", "channelData") for p in paths):
        expectation = "any"  # the mutation may have made it look personal
    label = "/".join(".".join(p) for p in paths) or "as sent"
    return f"{shape}:{kind}:{verb}:{label}", activity, expectation


def test_teams_shaped_activities_with_any_field_of_any_type(demo_db: str) -> None:
    """Hypothesis, from the shapes Teams sends (message, Action.Submit, Action.Execute,
    conversationUpdate; in a 1:1 chat, group chat, channel or meeting), every envelope
    field and every card text input set to every JSON type: never a 5xx; a refused
    request (4xx) changes no row at all, nor does anything from a shared conversation;
    a card input of the wrong type changes no row of the domain tables."""
    from testing.db_snapshot import TableSnapshots

    loop = asyncio.new_event_loop()
    assert ALEX.aad_object_id
    bot = BotHarness(make_settings(demo_db, ADMIN_AAD_IDS=ALEX.aad_object_id),
                     clock=fixed_clock())
    loop.run_until_complete(bot.start())
    snapshots = TableSnapshots(demo_db, DOMAIN_TABLES + TURN_TABLES)
    turn_tables = set(TURN_TABLES)
    seen: dict[str, int] = {}
    try:
        loop.run_until_complete(bot.send(ALEX, "hej"))  # first contact links Alex
        card_data = _card_data(demo_db)
        last = [snapshots.take()]

        @settings(max_examples=200, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            label, activity, expectation = data.draw(teams_requests(bot, card_data))
            body = json.dumps(activity, allow_nan=True).encode()
            bot.connector.reset_rate_limits()
            reply = loop.run_until_complete(bot.post(body))
            after = snapshots.take()
            before, last[0] = last[0], after
            changed = sorted(t for t in after if after[t] != before[t])
            key = "4xx" if 400 <= reply.status < 500 else expectation
            seen[key] = seen.get(key, 0) + 1
            assert reply.status < 500, f"{label} -> {reply.status}: {_short(body)}"
            if 400 <= reply.status < 500:
                assert reply.activities == [], f"{label}: refused but answered"
                assert changed == [], f"{label}: refused with {reply.status}, changed {changed}"
            elif expectation == "shared":
                assert changed == [], f"{label}: from a shared conversation, changed {changed}"
            elif expectation == "refused-input":
                domain = [t for t in changed if t not in turn_tables]
                assert domain == [], f"{label}: a refused card input changed {domain}"

        check()
    finally:
        snapshots.close()
        loop.run_until_complete(bot.stop())
        loop.close()
    # The run reached every class it checks.
    assert seen.get("4xx", 0) >= 20 and seen.get("shared", 0) >= 15 and \
        seen.get("refused-input", 0) >= 15 and seen.get("any", 0) >= 10, seen
