"""Core texts: greeting, help, identity, errors."""

SV: dict[str, str] = {
    "welcome": (
        "Hej {name}! Jag är Målbot. Varje månad hjälper jag dig att följa upp din enhets mål "
        "i de fyra perspektiven Medborgare, Verksamhet, Ekonomi och Medarbetare – "
        "från MÅL till RESULTAT till UTVECKLING. Skriv **hjälp** så ser du vad jag kan."
    ),
    "help.title": "Det här kan Målbot",
    "help.intro": "Skriv något av följande i chatten:",
    "help.report": "**rapportera** – rapportera månadens resultat för dina enheter",
    "help.summary": "**sammanställning** – se hur det går i din del av organisationen "
    "(t.ex. `sammanställning 2026-10`)",
    "help.decisions": "**beslut** – se de beslut du ansvarar för att verkställa",
    "help.whoami": "**vem är jag** eller **mina enheter** – se vilka enheter du är chef för",
    "help.status": "**status** – (administratörer) rapporteringsläget för perioden",
    "help.new_decision": "**nytt beslut** – (administratörer) registrera ett beslut att följa upp",
    "help.text_report": "**rapportera text** – rapportera i textform, fråga för fråga "
    "(om korten inte fungerar i din app)",
    "help.export": "**exportera** – hämta periodens resultat som Excel",
    "help.help": "**hjälp** – visa den här hjälpen",
    "help.footer": "Frågor om organisation eller mål? Kontakta kommunens målbotsadministratör.",
    "whoami.unknown": (
        "Jag känner inte igen dig ännu, {name}. Du finns inte registrerad som chef i Målbot. "
        "Be kommunens målbotsadministratör att lägga in dig (med din e-postadress) "
        "så får du dina enheters månadsuppföljning här."
    ),
    "whoami.header": "Du är **{name}**{email}.",
    "whoami.units": "Du är chef för:",
    "whoami.unit_line": "- {path} ({kind}){role}",
    "whoami.role_acting": " – ställföreträdande till och med {until}",
    "whoami.role_acting_open": " – ställföreträdande",
    "whoami.role_stood_in": " – {acting} är ställföreträdare till och med {until}",
    "whoami.no_units": "Du är inte chef för någon enhet just nu.",
    "whoami.leader": "Du får sammanställningar för {count} enheter i din del av organisationen.",
    "whoami.admin": "Du är administratör i Målbot.",
    "unknown_command": (
        "Det där förstod jag inte. Skriv **hjälp** för att se vad jag kan, "
        "eller **rapportera** för att rapportera månadens resultat."
    ),
    "empty_message": "Jag fick ett tomt meddelande. Skriv **hjälp** för att se vad jag kan.",
    "error.generic": (
        "Något gick fel hos mig när jag skulle svara. Inget av det du skrivit har gått förlorat "
        "– försök igen om en stund. Om felet kvarstår, kontakta administratören."
    ),
    "error.not_admin": "Det kommandot är bara för administratörer.",
    "error.not_registered": (
        "Jag hittar dig inte bland kommunens chefer i Målbot. "
        "Be målbotsadministratören att lägga in dig."
    ),
    "card.unsupported": "Jag kunde inte tolka svaret från kortet. Försök igen.",
}

EN: dict[str, str] = {
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
    "help.new_decision": "**new decision** (nytt beslut) – (administrators) register a decision "
    "to follow up",
    "help.text_report": "**text report** (rapportera text) – report as text, question by question "
    "(if cards don't work in your app)",
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
