"""The conversation shapes Teams sends besides the 1:1 chat, for tests and fuzzing.

:func:`in_conversation` moves a harness activity (a personal chat) into a group chat, a
team channel or a meeting chat, with the ``conversation`` and ``channelData`` fields as
Teams fills them.
"""

from __future__ import annotations

from typing import Any

from testing.harness import DEFAULT_TENANT

GROUP_ID = "19:group-chat-1@thread.v2"
CHANNEL_ID = "19:channel-1@thread.tacv2;messageid=1700000000000"
MEETING_ID = "19:meeting_MjA2NmY@thread.v2"
SHARED_KINDS = ("groupChat", "channel", "meeting")


def in_conversation(activity: dict[str, Any], kind: str) -> dict[str, Any]:
    """``activity`` moved to a conversation of ``kind`` ("personal" leaves it as is)."""
    tenant = {"id": DEFAULT_TENANT}
    if kind == "personal":
        return activity
    if kind == "groupChat":
        activity["conversation"] = {"id": GROUP_ID, "conversationType": "groupChat",
                                    "isGroup": True, "tenantId": DEFAULT_TENANT}
        activity["channelData"] = {"tenant": tenant}
    elif kind == "channel":
        activity["conversation"] = {"id": CHANNEL_ID, "conversationType": "channel",
                                    "isGroup": True, "tenantId": DEFAULT_TENANT,
                                    "name": "Ledningsgruppen"}
        activity["channelData"] = {
            "tenant": tenant, "teamsTeamId": "19:team-1@thread.tacv2",
            "teamsChannelId": "19:channel-1@thread.tacv2",
            "team": {"id": "19:team-1@thread.tacv2", "name": "Förvaltningen"},
            "channel": {"id": "19:channel-1@thread.tacv2", "name": "Ledningsgruppen"}}
    elif kind == "meeting":
        activity["conversation"] = {"id": MEETING_ID, "conversationType": "groupChat",
                                    "isGroup": True, "tenantId": DEFAULT_TENANT}
        activity["channelData"] = {"tenant": tenant,
                                   "meeting": {"id": "MCMxOTptZWV0aW5nX01qQTJObVk"}}
    else:
        raise ValueError(f"unknown conversation kind {kind!r}")
    return activity
