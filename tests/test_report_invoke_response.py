"""The answer to a report card's ``Action.Execute`` is exactly the SDK's invoke response
for the refreshed card, and the SDK's copy of the outgoing activity does not copy it."""

from __future__ import annotations

import copy

from microsoft_agents.activity import InvokeResponse

from dialogs.report import invoke_response, invoke_response_activity


def test_the_invoke_answer_serialises_like_the_sdk_response_and_is_not_copied() -> None:
    card = {"type": "AdaptiveCard", "version": "1.5",
            "body": [{"type": "TextBlock", "text": "Medborgare", "wrap": True}]}
    activity = invoke_response_activity(card)
    assert activity.type == "invokeResponse"
    value = activity.value
    assert isinstance(value, InvokeResponse) and value.status == 200
    assert value.body == invoke_response(card).model_dump(mode="json", by_alias=True,
                                                           exclude_none=True)
    copied = copy.deepcopy(activity)  # what TurnContext.send_activities does
    assert isinstance(copied.value, InvokeResponse)
    assert copied.value.body is value.body
