"""English texts."""

MESSAGES: dict[str, str] = {
    "welcome": (
        "Hi {name}! I'm Målbot. Every month I help you follow up your unit's goals in the "
        "four perspectives Citizens, Operations, Economy and Employees – from GOAL to RESULT "
        "to IMPROVEMENT. Type **help** to see what I can do."
    ),
    "help.title": "What Målbot can do",
    "help.intro": "Type one of these in the chat:",
    "help.report": "**report** (rapportera) – report this month's results for your units",
    "help.summary": "**summary** (sammanställning) – see how your part of the organisation "
    "is doing (e.g. `summary 2026-10`)",
    "help.decisions": "**decisions** (beslut) – the decisions you are responsible for carrying out",
    "help.whoami": "**who am i** or **my units** – the units you manage",
    "help.status": "**status** – (administrators) reporting status for the period",
    "help.export": "**export** – download the period's results as Excel",
    "help.help": "**help** – show this help",
    "help.footer": "Questions about the organisation or goals? Contact the Målbot administrator.",
    "whoami.unknown": (
        "I don't recognise you yet, {name}. You are not registered as a manager in Målbot. "
        "Ask the municipality's Målbot administrator to add you (with your e-mail address) "
        "and your units' monthly follow-up will arrive here."
    ),
    "whoami.header": "You are **{name}**{email}.",
    "whoami.units": "You manage:",
    "whoami.unit_line": "- {path} ({kind}){role}",
    "whoami.role_acting": " – acting manager until {until}",
    "whoami.role_acting_open": " – acting manager",
    "whoami.role_stood_in": " – {acting} is acting manager until {until}",
    "whoami.no_units": "You don't manage any unit at the moment.",
    "whoami.leader": "You receive summaries for {count} units in your part of the organisation.",
    "whoami.admin": "You are a Målbot administrator.",
    "unknown_command": (
        "I didn't understand that. Type **help** to see what I can do, "
        "or **report** to report this month's results."
    ),
    "empty_message": "I received an empty message. Type **help** to see what I can do.",
    "error.generic": (
        "Something went wrong on my side while answering. Nothing you wrote has been lost "
        "– please try again in a moment. If it keeps happening, contact the administrator."
    ),
    "error.not_admin": "That command is for administrators only.",
    "error.not_registered": (
        "I can't find you among the municipality's managers in Målbot. "
        "Ask the Målbot administrator to add you."
    ),
    "card.unsupported": "I couldn't read the card's answer. Please try again.",
}
