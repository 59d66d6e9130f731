"""The Swedish texts of the demo goal results: analyses and actions (åtgärder).

Analyses per perspective and status (with a separate set for economy goals other than the
budget goal), actions per perspective for yellow and red goals, the occasional note on a
green goal and the sentence every red goal's actions end with.
"""

from __future__ import annotations

from random import Random

from followup.perspectives import Perspective

__all__ = [
    "ACTIONS",
    "ANALYSIS",
    "ECONOMY_OTHER_ANALYSIS",
    "GREEN_ACTIONS",
    "RED_FOLLOW_UP",
]

# Short alias for the tables below.
_P = Perspective

ANALYSIS: dict[Perspective, dict[str, tuple[str, ...]]] = {
    _P.CITIZENS: {
        "green": (
            "Målet uppfylls. Bemötandet får fortsatt goda omdömen och synpunkterna är få.",
            "Målet uppfylls. Det långsiktiga arbetet med tillgänglighet och information ger "
            "effekt.",
            "Stabilt resultat över flera månader. Återkopplingen är övervägande positiv.",
            "Vi ligger i nivå med målvärdet. Nya arbetssätt från i våras har fått fäste.",
        ),
        "yellow": (
            "Målvärdet nås inte ännu. Resultatet varierar mellan grupperna.",
            "Målet uppfylls delvis. Några synpunkter gäller långa svarstider och otydlig "
            "information.",
            "Delvis uppfyllt. Hög frånvaro i personalgruppen har påverkat resultatet.",
            "Insatserna har gett viss effekt, men det räcker inte hela vägen. Fler insatser "
            "behövs.",
        ),
        "red": (
            "Målet uppfylls inte. Flera synpunkter handlar om väntetider och bristande "
            "kontinuitet.",
            "Resultatet ligger långt från målvärdet. Orsakerna analyseras tillsammans med "
            "medarbetarna.",
            "Målet uppfylls inte. Vakanser och många nya medarbetare påverkar kvaliteten i "
            "mötet med invånarna.",
        ),
    },
    _P.OPERATIONS: {
        "green": (
            "Arbetet följer plan och rutinerna fungerar väl.",
            "Målet uppfylls. Det systematiska kvalitetsarbetet ger resultat.",
            "Stabilt resultat. Rutinerna är kända och följs i hela arbetsgruppen.",
        ),
        "yellow": (
            "Delvis uppfyllt. Arbetet har försenats av vakanser, men huvuddelen av "
            "aktiviteterna är genomförda.",
            "Delvis uppfyllt. Resultatet är ojämnt över perioden.",
            "Rutinen finns på plats men följs inte fullt ut ännu.",
        ),
        "red": (
            "Målet uppfylls inte. Hög arbetsbelastning har gjort att planerade aktiviteter inte "
            "blivit av.",
            "Målet uppfylls inte. Avvikelserna visar brister i överlämningar mellan "
            "arbetspassen.",
            "Vi ligger klart under målvärdet. Bytet av verksamhetssystem har tagit mer tid än "
            "planerat.",
        ),
    },
    _P.ECONOMY: {
        "green": (
            "Prognosen visar en budget i balans för helåret.",
            "Kostnaderna följer budget. Personalkostnaderna ligger i nivå med plan.",
            "Målet uppfylls. Ett litet överskott väntas, främst på grund av vakanser.",
        ),
        "yellow": (
            "Prognosen visar ett mindre underskott, främst på grund av ökade kostnader för "
            "vikarier.",
            "Delvis uppfyllt. Intäkterna är lägre än budgeterat medan kostnaderna följer plan.",
            "Kostnaderna för material och tjänster ligger något över budget.",
        ),
        "red": (
            "Prognosen visar ett betydande underskott. Kostnaderna för vikarier och övertid är "
            "klart högre än budgeterat.",
            "Målet uppfylls inte. Volymerna har ökat mer än budgeten tar höjd för.",
            "Prognosen visar ett underskott. Oförutsedda reparationer och högre hyror belastar "
            "resultatet.",
        ),
    },
    _P.EMPLOYEES: {
        "green": (
            "Sjukfrånvaron och engagemanget utvecklas i rätt riktning.",
            "Målet uppfylls. Arbetsmiljön upplevs som god och personalgruppen är stabil.",
            "Bra resultat. Det hälsofrämjande arbetet och tydliga rutiner vid frånvaro ger "
            "effekt.",
        ),
        "yellow": (
            "Delvis uppfyllt. Korttidsfrånvaron har varit hög under perioden, bland annat på "
            "grund av säsongsinfluensa.",
            "Delvis uppfyllt. Några medarbetare har hög arbetsbelastning, vilket syns i "
            "pulsmätningen.",
            "Resultatet är stabilt men når inte målvärdet. Flera nyanställda är ännu under "
            "introduktion.",
        ),
        "red": (
            "Hög sjukfrånvaro i flera arbetslag påverkar både arbetsmiljön och verksamheten.",
            "Målet uppfylls inte. Långtidssjukskrivningar och vakanser belastar gruppen.",
            "Medarbetarenkäten visar låga värden för ledarskap och återhämtning.",
        ),
    },
}

# Economy goals other than the budget goal (matsvinn, avtalstrohet, bemanning ...).
ECONOMY_OTHER_ANALYSIS: dict[str, tuple[str, ...]] = {
    "green": (
        "Målet uppfylls. Arbetet med kostnadsmedvetenhet har gett effekt.",
        "Utfallet följer plan.",
    ),
    "yellow": (
        "Delvis uppfyllt. Förbättringen går långsammare än planerat.",
        "Åtgärderna har gett viss effekt men målvärdet nås inte ännu.",
    ),
    "red": (
        "Målet uppfylls inte. Planerade åtgärder har inte genomförts fullt ut.",
        "Utfallet är klart sämre än planerat och belastar ekonomin.",
    ),
}

ACTIONS: dict[Perspective, tuple[str, ...]] = {
    _P.CITIZENS: (
        "Gå igenom synpunkterna från de senaste tre månaderna på nästa arbetsplatsträff och "
        "besluta om två konkreta förbättringar.",
        "Förbättra informationen på webben och i utskick så att det blir tydligt vad man kan "
        "förvänta sig av oss.",
        "Genomför en kort dialog med dem vi finns till för och återkoppla resultatet före nästa "
        "uppföljning.",
        "Utse en ansvarig för uppföljningen och stäm av utvecklingen varje vecka.",
        "Ta stöd av kvalitetsutvecklare för att analysera orsakerna och ta fram en åtgärdsplan.",
    ),
    _P.OPERATIONS: (
        "Se över rutinen och arbetsfördelningen i arbetslaget. Den nya rutinen gäller från "
        "nästa månad.",
        "Inför en veckovis avstämning av ärendeläget på arbetsplatsträffen.",
        "Genomför en egenkontroll och åtgärda bristerna före periodens slut.",
        "Kartlägg flödet tillsammans med verksamhetsutvecklare och ta bort moment som inte "
        "skapar värde.",
        "Säkerställ att alla medarbetare har fått introduktion i rutinen.",
    ),
    _P.ECONOMY: (
        "Restriktivitet med timvikarier och inhyrd personal; bemanningen stäms av dagligen.",
        "Gå igenom alla kostnadsposter med controller. En plan för budget i balans lämnas till "
        "förvaltningsledningen.",
        "Skjut upp planerade inköp av inventarier till nästa år.",
        "Månatlig prognosdialog med controller under resten av året.",
        "Se över schemaläggningen för att minska övertid och mertid.",
    ),
    _P.EMPLOYEES: (
        "Tidiga rehabiliteringsinsatser: kontakt med företagshälsovården vid upprepad "
        "korttidsfrånvaro.",
        "Ta fram en handlingsplan utifrån medarbetarenkäten tillsammans med skyddsombudet.",
        "Gör en riskbedömning av arbetsbelastningen och följ upp åtgärderna inom en månad.",
        "Planera in de medarbetarsamtal som återstår före månadens slut.",
        "Ge nya medarbetare en fast mentor under de första tre månaderna.",
    ),
}
GREEN_ACTIONS = (
    "Fortsätt enligt plan.",
    "Sprid arbetssättet till fler arbetslag.",
    "Vi behåller nuvarande arbetssätt och följer upp vid nästa uppföljning.",
)
RED_FOLLOW_UP = "Åtgärderna följs upp varje vecka tills målet uppfylls."


# A leader's *sammanfattande analys* of their level for a tertial, per perspective.
_LEVEL_TEXTS: dict[Perspective, tuple[str, ...]] = {
    _P.CITIZENS: (
        "{unit}: brukarna och medborgarna ger i stort samma goda omdöme som i fjol. "
        "Väntetiderna har kortats under tertialet; de enheter som ligger efter har "
        "åtgärder på plats och bedömer att målen nås vid årets slut.",
        "{unit}: resultaten för medborgarna är blandade under tertialet. Nöjdheten ligger "
        "kvar, men tillgängligheten har inte förbättrats i den takt vi planerat. "
        "Uppföljningen skärps under våren.",
    ),
    _P.OPERATIONS: (
        "{unit}: verksamheten har hållit planerad kvalitet och de flesta enheterna når "
        "sina mål. Arbetet med digitala arbetssätt fortsätter enligt plan.",
        "{unit}: verksamhetsmålen nås delvis. Bemanningen har varit ansträngd i början av "
        "året, vilket påverkat uppföljningen av kvalitetsarbetet.",
    ),
    _P.ECONOMY: (
        "{unit}: prognosen för helåret är en budget i balans. Kostnaderna för inhyrd "
        "personal har minskat jämfört med samma tertial i fjol.",
        "{unit}: prognosen pekar på ett mindre underskott vid årets slut. Åtgärder för "
        "att minska övertid och inhyrd personal är beslutade.",
    ),
    _P.EMPLOYEES: (
        "{unit}: sjukfrånvaron är lägre än i fjol och medarbetarenkäten visar ett gott "
        "arbetsklimat. Kompetensutvecklingen följer planen.",
        "{unit}: sjukfrånvaron ligger kvar på en hög nivå i några enheter. Vi följer upp "
        "med företagshälsovården och ser över schemaläggningen.",
    ),
}


def level_text(unit_name: str, perspective: Perspective, rng: Random) -> str:
    """A plausible level analysis of ``unit_name`` for one perspective."""
    return rng.choice(_LEVEL_TEXTS[perspective]).format(unit=unit_name)
