"""One home for proactive messages: the typed :class:`Notice`, the recipient policy, and
the one call that queues notices in the outbox.

Features only *compose* notices (``compose_*`` functions next to their use case, e.g.
:func:`compose_prompt` below or :func:`services.decisions.compose_decision_prompt`);
scheduler jobs decide when and who; :func:`enqueue` applies the recipient policy and
shapes the outbox payload in one place. The delivery worker re-checks the same policy
(:func:`refusal`) just before sending, so a person erased or gone from the directory
after their notice was queued does not get it.

The recipient policy (:func:`check_recipient`):

* erased people get nothing, nor do people marked ``directory_missing`` (gone from
  Entra ID or their account disabled);
* a person needs a 1:1 conversation: a stored personal conversation reference, or an AAD
  object id from which the delivery worker opens the 1:1 chat. A person with neither is
  still queued and then recorded *unreachable* at send time, so admins see them in
  ``outbox`` and ``status`` instead of their messages vanishing silently;
* the notice's language is the person's locale (``sv-SE`` → ``sv``), else the default.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cards.outbox_messages import (
    LateUnit,
    UnitPrompt,
    escalation_payload,
    prompt_payload,
    reminder_payload,
    with_reminder_banner,
)
from i18n import pick_language
from storage import outbox
from storage.outbox import Recipient

logger = logging.getLogger(__name__)

#: Payload key of the stored cancel-when-submitted flag.
CANCEL_WHEN_SUBMITTED = "cancel_when_submitted"


# --------------------------------------------------------------------------- the notice


@dataclass(frozen=True)
class Notice:
    """One proactive message to one person.

    ``subject`` is the unit the notice is about (None when it concerns no one unit);
    ``period`` the period code; ``expires_at`` when the message is no longer worth
    sending (a reminder after its deadline); ``cancel_when_submitted`` skips it once the
    subject's report for the period is submitted.
    """

    kind: str
    person_id: int
    subject: int | None
    period: str | None
    text: str
    not_before: datetime
    lang: str
    card: Mapping[str, Any] | None = None
    expires_at: datetime | None = None
    cancel_when_submitted: bool = False

    def __post_init__(self) -> None:
        if not self.text and self.card is None:
            raise ValueError("a notice needs a text or a card")
        if self.cancel_when_submitted and (self.subject is None or self.period is None):
            raise ValueError("cancel_when_submitted needs a subject and a period")

    def key(self) -> str:
        """The outbox's dedupe key: one message per (kind, person, period, subject)."""
        return outbox.dedupe_key(self.kind, self.person_id, self.period, self.subject)

    def payload(self) -> dict[str, Any]:
        """The stored outbox payload (the one place that shapes it)."""
        payload: dict[str, Any] = {"text": self.text, "lang": self.lang,
                                   CANCEL_WHEN_SUBMITTED: self.cancel_when_submitted}
        if self.card is not None:
            payload["card"] = dict(self.card)
        if self.expires_at is not None:
            payload["expires_at"] = self.expires_at.astimezone(UTC).isoformat()
        return payload


def cancel_when_submitted(kind: str, payload: Mapping[str, Any]) -> bool:
    """Whether a stored message is to be skipped once its report is submitted.

    Messages queued before the flag was stored (an upgrade in the middle of a round)
    have no flag; for them the old rule holds (prompts and reminders).
    """
    flag = payload.get(CANCEL_WHEN_SUBMITTED)
    if isinstance(flag, bool):
        return flag
    return kind.startswith(("prompt", "reminder"))


# --------------------------------------------------------------------------- the policy


class Eligibility(StrEnum):
    OK = "ok"
    #: Never to be sent: the person is erased, gone from the directory or unknown.
    REFUSED = "refused"
    #: No 1:1 conversation and no AAD object id to open one: recorded unreachable.
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class RecipientCheck:
    eligibility: Eligibility
    reason: str = ""
    lang: str = "sv"


def refusal(recipient: Recipient | None) -> str | None:
    """Why a person gets no notice at all (None: they may get notices)."""
    if recipient is None:
        return "the recipient no longer exists"
    if recipient.erased:
        return "the recipient was erased"
    if recipient.directory_missing:
        return "the recipient is gone from the directory (directory_missing)"
    return None


def check_recipient(recipient: Recipient | None, default_lang: str) -> RecipientCheck:
    """The recipient policy for one person (see the module's docstring)."""
    refused = refusal(recipient)
    if refused is not None or recipient is None:
        return RecipientCheck(Eligibility.REFUSED, refused or "")
    lang = pick_language(default_lang, recipient.locale)
    if recipient.reference is None and not recipient.aad_object_id:
        return RecipientCheck(Eligibility.UNREACHABLE,
                              "no 1:1 conversation and no AAD object id to start one", lang)
    return RecipientCheck(Eligibility.OK, lang=lang)


@dataclass(frozen=True)
class NoticeRecipient:
    """A person who may get notices, with the language to write them in."""

    person_id: int
    name: str
    lang: str


async def recipients(
    session: AsyncSession, person_ids: Iterable[int], default_lang: str
) -> dict[int, NoticeRecipient]:
    """The people among ``person_ids`` the policy lets notices go to (scheduler jobs ask
    this when deciding who; :func:`enqueue` checks again)."""
    found = await outbox.recipients_for(session, person_ids)
    out: dict[int, NoticeRecipient] = {}
    for person_id, recipient in found.items():
        check = check_recipient(recipient, default_lang)
        if check.eligibility is not Eligibility.REFUSED:
            out[person_id] = NoticeRecipient(person_id, recipient.name, check.lang)
    return out


# --------------------------------------------------------------------------- queueing


async def enqueue(
    session: AsyncSession, notices: Iterable[Notice], *, now: datetime
) -> list[Notice]:
    """Queue ``notices`` the recipient policy allows and the outbox does not hold yet;
    return those newly queued. The caller owns the transaction."""
    wanted = list(notices)
    if not wanted:
        return []
    found = await outbox.recipients_for(session, {n.person_id for n in wanted})
    queued: list[Notice] = []
    for notice in wanted:
        refused = refusal(found.get(notice.person_id))
        if refused is not None:
            logger.info("%s for person %s not queued: %s", notice.kind, notice.person_id,
                        refused)
            continue
        if await outbox.enqueue(
            session, kind=notice.kind, person_id=notice.person_id, period=notice.period,
            unit_id=notice.subject, payload=notice.payload(), not_before=notice.not_before,
            now=now,
        ):
            queued.append(notice)
    return queued


# --------------------------------------------------------------------------- the report round

KIND_PROMPT = "prompt"
KIND_REMINDER = "reminder"
KIND_ESCALATION = "escalation"


def compose_prompt(
    recipient: NoticeRecipient, prompt: UnitPrompt, *, unit_id: int | None,
    report_card: Mapping[str, Any] | None, not_before: datetime, expires_at: datetime,
) -> Notice:
    """The prompt for one unit (or, ``unit_id`` None, for all of a person's units in one
    message): the report feature's card when there is one, else the plain prompt card.
    A one-unit prompt is skipped once the unit's report is submitted."""
    payload = prompt_payload(prompt, recipient.lang)
    return Notice(
        kind=KIND_PROMPT, person_id=recipient.person_id, subject=unit_id,
        period=prompt.period, text=payload["text"],
        card=report_card if report_card is not None else payload["card"],
        not_before=not_before, expires_at=expires_at, lang=recipient.lang,
        cancel_when_submitted=unit_id is not None,
    )


def compose_reminder(
    recipient: NoticeRecipient, prompt: UnitPrompt, *, kind: str, unit_id: int | None,
    report_card: Mapping[str, Any] | None, not_before: datetime, expires_at: datetime,
) -> Notice:
    """A reminder (``kind`` names its slot, e.g. ``reminder-1``) for a unit that has not
    submitted; the report card gets a reminder banner on top."""
    payload = reminder_payload(prompt, recipient.lang)
    card = (with_reminder_banner(dict(report_card), prompt, recipient.lang)
            if report_card is not None else payload["card"])
    return Notice(
        kind=kind, person_id=recipient.person_id, subject=unit_id, period=prompt.period,
        text=payload["text"], card=card, not_before=not_before, expires_at=expires_at,
        lang=recipient.lang, cancel_when_submitted=unit_id is not None,
    )


def compose_escalation(
    recipient: NoticeRecipient, *, period: str, deadline: datetime, late: list[LateUnit],
    not_before: datetime, expires_at: datetime,
) -> Notice:
    """One message to a leader listing their late units."""
    payload = escalation_payload(leader_name=recipient.name, period=period,
                                 deadline=deadline, late=late, lang=recipient.lang)
    return Notice(
        kind=KIND_ESCALATION, person_id=recipient.person_id, subject=None, period=period,
        text=payload["text"], card=payload.get("card"), not_before=not_before,
        expires_at=expires_at, lang=recipient.lang,
    )
