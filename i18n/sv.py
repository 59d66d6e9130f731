"""Svenska texter (standard)."""

MESSAGES: dict[str, str] = {
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
