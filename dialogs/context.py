"""What a turn handler knows of its user (the services it gets are
:class:`bot_services.BotServices`)."""

from __future__ import annotations

from dataclasses import dataclass

from microsoft_agents.hosting.core import TurnContext


@dataclass(frozen=True)
class TurnUser:
    """The person behind a turn, as far as Målbot knows them."""

    display_name: str
    lang: str
    aad_object_id: str | None
    channel_user_id: str | None
    person_id: int | None = None
    email: str | None = None
    is_admin: bool = False

    @property
    def known(self) -> bool:
        return self.person_id is not None


USER_KEY = "malbot.user"


def current_user(context: TurnContext) -> TurnUser:
    user = context.turn_state.get(USER_KEY)
    if not isinstance(user, TurnUser):
        raise RuntimeError("identify_user did not run for this turn")
    return user
