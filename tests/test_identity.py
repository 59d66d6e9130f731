"""Who is talking (``dialogs.identity``): recently seen senders are remembered briefly
in-process, but a newly registered person is recognised on their very next message, a
reinstall always reaches the database, and the stored conversation reference is only
rewritten when something that matters for reaching the user changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, insert, select, update

from dialogs.identity import forget_identities
from storage.db import sync_url
from storage.models import ConversationRef, Person
from testing.harness import STRANGER, BotHarness


def _db(bot: BotHarness) -> Any:
    return create_engine(sync_url(bot.settings.database_url))


def _add_stina(engine: Any) -> None:
    """The stranger of the harness, now known to Målbot by her Entra account."""
    with engine.begin() as conn:
        conn.execute(insert(Person).values(
            name="Stina Främling", email="stina@example.com",
            aad_object_id=STRANGER.aad_object_id, is_admin=False, directory_missing=False))


async def test_a_person_registered_after_their_first_message_is_known_at_once(
    bot: BotHarness,
) -> None:
    assert "inte registrerad" in (await bot.send(STRANGER, "vem är jag")).text
    engine = _db(bot)
    _add_stina(engine)
    engine.dispose()
    reply = await bot.send(STRANGER, "vem är jag")
    assert "Stina Främling" in reply.text
    assert "inte registrerad" not in reply.text


async def test_changes_to_a_known_person_show_once_the_cache_is_dropped(
    bot: BotHarness,
) -> None:
    engine = _db(bot)
    _add_stina(engine)
    assert "Stina Främling" in (await bot.send(STRANGER, "vem är jag")).text
    with engine.begin() as conn:
        conn.execute(update(Person).values(name="Stina Nyman"))
    engine.dispose()
    forget_identities()  # otherwise within IDENTITY_TTL_S seconds
    assert "Stina Nyman" in (await bot.send(STRANGER, "vem är jag")).text


async def test_a_reinstall_clears_the_unreachable_mark_even_for_a_recent_sender(
    bot: BotHarness,
) -> None:
    engine = _db(bot)
    _add_stina(engine)
    await bot.send(STRANGER, "hjälp")  # now remembered in-process
    with engine.begin() as conn:  # the delivery worker got a 403: app removed
        conn.execute(update(Person).values(unreachable_reason="403 from Teams"))
    await bot.install(STRANGER)
    with engine.connect() as conn:
        assert conn.execute(select(Person.unreachable_reason)).scalar_one() is None
    engine.dispose()


async def test_the_reference_is_rewritten_only_when_how_to_reach_the_user_changed(
    bot: BotHarness,
) -> None:
    await bot.send(STRANGER, "hjälp")
    engine = _db(bot)

    def stored() -> tuple[Any, ...]:
        with engine.connect() as conn:
            row = conn.execute(select(ConversationRef.reference,
                                      ConversationRef.updated_at)).one()
        return row.reference, row.updated_at

    first_reference, first_update = stored()
    forget_identities()  # make the next turns go to the database
    await bot.send(STRANGER, "hjälp")  # a new activity id only
    assert stored() == (first_reference, first_update)

    forget_identities()
    await bot.post(bot.activity(STRANGER, text="hjälp", locale="en-US"))
    reference, updated = stored()
    engine.dispose()
    assert reference["locale"] == "en-US"
    assert updated != first_update


async def test_an_imported_manager_is_recognised_by_the_email_teams_reports(
    sqlite_url: str,
) -> None:
    """Imported with only an e-mail; on first contact Teams' member lookup gives the UPN,
    the person is linked to their Entra id and recognised from then on."""
    from sqlalchemy import create_engine, select

    from storage.db import sync_url
    from storage.models import Person
    from testing.harness import BotHarness, ChatUser, make_settings
    from tests.conftest import fixed_clock

    engine = create_engine(sync_url(sqlite_url))
    with engine.begin() as conn:
        conn.execute(insert(Person).values(
            name="Nils Nyberg", email="nils.nyberg@example.com", is_admin=False,
            directory_missing=False))
    nils = ChatUser("Nils Nyberg", "aaaaaaaa-0000-0000-0000-00000000000n")
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock()) as bot:
        unknown = await bot.send(nils, "vem är jag")
        assert "inte registrerad" in unknown.text  # Teams did not tell who this is
        bot.connector.set_member_profile(nils.id, name="Nils Nyberg",
                                         userPrincipalName="Nils.Nyberg@example.com",
                                         aadObjectId=nils.aad_object_id)
        known = await bot.send(nils, "vem är jag")
        assert "Du är **Nils Nyberg**" in known.text
    with engine.connect() as conn:
        row = conn.execute(select(Person.aad_object_id, Person.teams_user_id)
                           .where(Person.email == "nils.nyberg@example.com")).one()
    engine.dispose()
    assert row == (nils.aad_object_id, nils.id)
