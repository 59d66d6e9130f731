"""Texts for conversations other than the 1:1 chat (group chats, meetings, channels)."""

SV: dict[str, str] = {
    "scope.personal_only": "Målbot arbetar bara i din personliga chatt med Målbot – "
    "skriv till mig där.",
    "scope.personal_only_link": "Målbot arbetar bara i din personliga chatt: "
    "[öppna chatten med Målbot]({link}).",
    "scope.personal_only_url": "Målbot arbetar bara i din personliga chatt: {link}",
}

EN: dict[str, str] = {
    "scope.personal_only": "Målbot works only in your personal chat with Målbot – "
    "write to me there.",
    "scope.personal_only_link": "Målbot works only in your personal chat: "
    "[open the chat with Målbot]({link}).",
    "scope.personal_only_url": "Målbot works only in your personal chat: {link}",
}
