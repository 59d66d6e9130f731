"""Production mode: every request to /api/messages needs a valid Bot Framework JWT.

Tokens are signed with a locally generated RSA key; the Bot Framework's OpenID metadata and
JWKS are served by a local fake (testing/fake_login.py) that the SDK's validator is pointed
at. Only Microsoft's cloud is faked: the bot, its middleware and the SDK's validator are real.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jwt
import pytest

from config import SettingsError, load_settings
from testing.db_snapshot import DOMAIN_TABLES, TURN_TABLES, row_counts, table_digests
from testing.fake_login import BOT_FRAMEWORK_ISSUER, FakeBotFrameworkLogin, new_rsa_key
from testing.harness import ALEX, BotHarness, make_settings
from testing.production_mode import (
    BOT_APP_ID,
    OUTBOUND_TOKEN,
    PREFIX,
    PRODUCTION_ENV,
    fake_entra_tokens,
    trust_fake_login,
)
from tests.conftest import fixed_clock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def fake_login(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotFrameworkLogin]:
    """The Bot Framework login service on loopback, used by the SDK's validator."""
    async with FakeBotFrameworkLogin() as login:
        trust_fake_login(login, monkeypatch)
        yield login


@pytest.fixture
def entra_token_requests(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Entra's token endpoint, faked: the (resource, scopes) the bot asked tokens for."""
    return fake_entra_tokens(monkeypatch)


@pytest.fixture
async def prod_bot(sqlite_url: str, fake_login: FakeBotFrameworkLogin,
                   entra_token_requests: list[tuple[str, list[str]]]
                   ) -> AsyncIterator[BotHarness]:
    settings = make_settings(sqlite_url, SEED_DEMO="false", **PRODUCTION_ENV)
    assert settings.production_auth
    async with BotHarness(settings, clock=fixed_clock()) as harness:
        yield harness


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _valid_token(login: FakeBotFrameworkLogin, bot: BotHarness, **overrides: Any) -> str:
    return login.token(BOT_APP_ID, service_url=bot.connector.url, **overrides)


async def test_valid_token_runs_the_turn_and_replies_with_an_access_token(
    prod_bot: BotHarness, fake_login: FakeBotFrameworkLogin,
    entra_token_requests: list[tuple[str, list[str]]],
) -> None:
    reply = await prod_bot.post(prod_bot.activity(ALEX, text="hjälp"),
                                headers=_bearer(_valid_token(fake_login, prod_bot)))

    assert reply.status in (200, 201, 202)
    assert "Det här kan Målbot" in reply.text
    assert fake_login.requests["keys"] >= 1  # the signature was checked against our JWKS
    # The reply went out authenticated, with a token the bot obtained for the connector.
    assert [a.authorization for a in reply.activities] == [f"Bearer {OUTBOUND_TOKEN}"]
    assert entra_token_requests and all(
        scopes == ["https://api.botframework.com/.default"] for _, scopes in entra_token_requests
    )
    assert row_counts(prod_bot.settings.database_url, ["conversation_refs"]) == {
        "conversation_refs": 1
    }


def _invalid_authorizations(login: FakeBotFrameworkLogin, bot: BotHarness) -> dict[str, dict[str,
                                                                                        str]]:
    stranger_key = new_rsa_key()
    unsigned = jwt.encode(
        {"iss": BOT_FRAMEWORK_ISSUER, "aud": BOT_APP_ID, "serviceurl": bot.connector.url,
         "exp": 4102444800}, key="", algorithm="none", headers={"kid": login.kid})
    return {
        "missing header": {},
        "empty header": {"Authorization": ""},
        "basic scheme": {"Authorization": "Basic YWxleDpwYXNzd29yZA=="},
        "bearer without token": {"Authorization": "Bearer"},
        "bearer with two parts": {"Authorization": f"Bearer {_valid_token(login, bot)} extra"},
        "not a jwt": _bearer("not.a.jwt"),
        "garbage": _bearer("%%%%"),
        "expired": _bearer(_valid_token(login, bot, issued_ago_s=7200, lifetime_s=3600)),
        "not yet valid": _bearer(_valid_token(login, bot, nbf=4102444800)),
        "wrong audience": _bearer(login.token("another-bot-app-id",
                                              service_url=bot.connector.url)),
        "audience as list": _bearer(login.token([BOT_APP_ID],  # type: ignore[arg-type]
                                                service_url=bot.connector.url)),
        "wrong issuer": _bearer(_valid_token(login, bot, issuer="https://login.example.net")),
        "bad signature": _bearer(_valid_token(login, bot, key=stranger_key)),
        "unknown key id": _bearer(_valid_token(login, bot, key=stranger_key, kid="other-key")),
        "no key id": _bearer(jwt.encode(
            {"iss": BOT_FRAMEWORK_ISSUER, "aud": BOT_APP_ID, "exp": 4102444800},
            login.key, algorithm="RS256")),
        "alg none": _bearer(unsigned),
        "serviceUrl not the token's": _bearer(
            login.token(BOT_APP_ID, service_url="https://smba.trafficmanager.net/emea/")),
        "no serviceurl claim": _bearer(login.token(BOT_APP_ID)),
    }


INVALID_CASES = [
    "missing header", "empty header", "basic scheme", "bearer without token",
    "bearer with two parts", "not a jwt", "garbage", "expired", "not yet valid",
    "wrong audience", "audience as list", "wrong issuer", "bad signature", "unknown key id",
    "no key id", "alg none", "serviceUrl not the token's", "no serviceurl claim",
]


@pytest.mark.parametrize("case", INVALID_CASES)
async def test_invalid_or_missing_token_is_refused_and_nothing_is_processed(
    prod_bot: BotHarness, fake_login: FakeBotFrameworkLogin, case: str,
    entra_token_requests: list[tuple[str, list[str]]], caplog: pytest.LogCaptureFixture,
) -> None:
    url = prod_bot.settings.database_url
    tables = DOMAIN_TABLES + TURN_TABLES
    before = table_digests(url, tables)
    headers = _invalid_authorizations(fake_login, prod_bot)[case]

    for activity in (prod_bot.activity(ALEX, text="hjälp"),
                     prod_bot.activity(ALEX, type="conversationUpdate",
                                       membersAdded=[{"id": ALEX.id}])):
        reply = await prod_bot.post(activity, headers=headers)
        assert reply.status == 401, (case, reply.body)
        assert reply.body == {"error": "unauthorized"}
        assert reply.activities == []

    assert prod_bot.connector.records == []
    assert entra_token_requests == []
    assert table_digests(url, tables) == before
    refusals = [r for r in caplog.records if r.getMessage().startswith("refused")]
    assert refusals and all(r.levelname == "WARNING" for r in refusals)
    # The log names the reason, never the token.
    token = headers.get("Authorization", "").partition(" ")[2]
    if len(token) > 8:
        assert all(token not in r.getMessage() for r in caplog.records)


async def test_health_probes_need_no_token(prod_bot: BotHarness) -> None:
    assert prod_bot.http is not None and prod_bot.server is not None
    for path, expected in (("/healthz", 200), ("/readyz", 200)):
        async with prod_bot.http.get(prod_bot.server.make_url(path)) as resp:
            assert resp.status == expected


def test_production_environment_refuses_anonymous_mode(tmp_path: Path) -> None:
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "ENVIRONMENT": "production"}
    with pytest.raises(SettingsError, match="ENVIRONMENT=production"):
        load_settings(base, dotenv=False)
    with pytest.raises(SettingsError, match="anonymous"):
        load_settings({**base, **PRODUCTION_ENV, f"{PREFIX}ANONYMOUS_ALLOWED": "true"},
                      dotenv=False)
    assert load_settings({**base, **PRODUCTION_ENV}, dotenv=False).production_auth


def test_bot_refuses_to_start_in_production_without_credentials(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTIONS__")}
    env.update({
        "ENVIRONMENT": "production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}",
        f"{PREFIX}CLIENTID": "",  # wins over any .env file
        "PORT": "0",
    })
    result = subprocess.run([sys.executable, str(ROOT / "bot.py")], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "configuration error" in result.stderr
    assert "ENVIRONMENT=production" in result.stderr
    assert not (tmp_path / "never.db").exists()


@pytest.mark.parametrize(("given", "expected"), [
    (None, "true"), ("", "true"), ("yes", "true"), ("TRUE", "true"),
    ("false", "false"), ("0", "false"),
])
def test_the_sdk_issuer_check_is_off_only_when_explicitly_turned_off(
    sqlite_url: str, given: str | None, expected: str
) -> None:
    """An empty or misspelt VALIDATE_ISSUER must not silently switch the check off."""
    import bot

    extra = {} if given is None else {f"{PREFIX}VALIDATE_ISSUER": given}
    settings = make_settings(sqlite_url, **PRODUCTION_ENV, **extra)
    _adapter, _connections, sdk_config = bot.build_adapter(settings)
    sdk_settings = sdk_config["CONNECTIONS"]["SERVICE_CONNECTION"]["SETTINGS"]
    assert str(sdk_settings["VALIDATE_ISSUER"]).lower() == expected


# --------------------------------------------------------------------------- verified tokens


async def test_a_verified_token_serves_many_turns_and_a_tampered_copy_is_still_refused(
    prod_bot: BotHarness, fake_login: FakeBotFrameworkLogin,
) -> None:
    token = _valid_token(fake_login, prod_bot)
    for _ in range(5):
        reply = await prod_bot.post(prod_bot.activity(ALEX, text="hjälp"),
                                    headers=_bearer(token))
        assert reply.status in (200, 201, 202)
        assert "Det här kan Målbot" in reply.text
    # The same claims signed with another key, and the token with a changed signature:
    # a remembered token is recognised by all of it, never by its claims.
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    for forged in (_valid_token(fake_login, prod_bot, key=new_rsa_key()),
                   f"{header}.{payload}.{flipped}"):
        reply = await prod_bot.post(prod_bot.activity(ALEX, text="hjälp"),
                                    headers=_bearer(forged))
        assert reply.status == 401


def _identity(exp: object) -> Any:
    from microsoft_agents.hosting.core.authorization import ClaimsIdentity

    return ClaimsIdentity({"aud": BOT_APP_ID, "exp": exp, "serviceurl": "https://x"})


def test_verified_tokens_are_trusted_until_their_expiry_and_at_most_the_ttl() -> None:
    from inbound_auth import VerifiedTokens

    now = [1000.0]
    tokens = VerifiedTokens(ttl_s=300, max_size=2, clock=lambda: now[0])
    tokens.put("soon", _identity(1100))
    tokens.put("later", _identity(5000))
    tokens.put("no expiry", _identity(None))
    tokens.put("expired", _identity(900))
    assert tokens.get("no expiry") is None and tokens.get("expired") is None
    first = tokens.get("soon")
    assert first is not None and first.claims["aud"] == BOT_APP_ID
    first.claims["aud"] = "changed by a turn"  # each turn gets a copy of its own
    again = tokens.get("soon")
    assert again is not None and again.claims["aud"] == BOT_APP_ID
    now[0] = 1100.0  # its exp: verified again in full from here on
    assert tokens.get("soon") is None
    assert tokens.get("later") is not None
    now[0] = 1300.0  # the TTL after it was verified, long before its exp
    assert tokens.get("later") is None


def test_verified_tokens_forget_the_least_recently_used_beyond_their_size() -> None:
    from inbound_auth import VerifiedTokens

    tokens = VerifiedTokens(ttl_s=300, max_size=2, clock=lambda: 1000.0)
    tokens.put("a", _identity(5000))
    tokens.put("b", _identity(5000))
    assert tokens.get("a") is not None  # "b" is now the least recently used
    tokens.put("c", _identity(5000))
    assert tokens.get("b") is None
    assert tokens.get("a") is not None and tokens.get("c") is not None
