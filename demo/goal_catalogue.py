"""The goal catalogue: goal templates and pools per perspective and unit profile.

Kommunmål for the root unit, nämndmål per förvaltning, verksamhetsmål and enhetsmål per
kind of unit (the unit spec's ``profile``), the shared budget and employee goals, the
sick-leave baselines, the money scale per unit level and the goal reference letters, plus
:func:`templates_for`, which picks a unit's goals from the catalogue.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import NamedTuple

from demo.organisation import UnitSpec
from followup.org import UnitKind
from followup.perspectives import PERSPECTIVE_ORDER, Perspective

__all__ = [
    "ADMINISTRATION_GOALS",
    "BUDGET_GOAL",
    "COMPETENCE_GOAL",
    "DIALOGUE_GOAL",
    "ECONOMY_EXTRAS",
    "EMPLOYEE_EXTRAS",
    "ENGAGEMENT_GOAL",
    "MONEY_SCALE",
    "MUNICIPAL_GOALS",
    "REF_LETTER",
    "SICK_LEAVE_BASELINE",
    "SICK_LEAVE_GOAL",
    "TURNOVER_GOAL",
    "UNIT_GOALS",
    "GoalPools",
    "GoalTemplate",
    "combined_pools",
    "goal_count",
    "pick_templates",
    "templates_for",
]

# Short aliases for the catalogue below.
_P = Perspective
_K = UnitKind


class GoalTemplate(NamedTuple):
    """A goal template: ``baseline``/``target`` decide the direction."""

    theme: str
    title: str
    description: str
    indicator: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    # "sum" | "mean"; None = from the unit of measure (followup/aggregation.py)
    aggregation: str | None = None


# Short alias for the tables below.
_G = GoalTemplate


# Kommunfullmäktiges mål (kommunmål), two per perspective.
MUNICIPAL_GOALS: dict[Perspective, tuple[GoalTemplate, ...]] = {
    _P.CITIZENS: (
        _G("satisfaction", "Invånarna är nöjda med kommunens service",
           "Kommunfullmäktiges mål: Sjöviks invånare ska uppleva god service och ett bra "
           "bemötande.", "Nöjd-Medborgar-Index (SCB:s medborgarundersökning)", "index", 55, 60),
        _G("education", "Barn och unga får en god start i livet",
           "Kommunfullmäktiges mål: fler barn och unga ska klara skolan och gå vidare till "
           "arbete eller studier.", "Andel elever i åk 9 som är behöriga till gymnasiet", "%",
           82, 88),
        _G("care", "Trygg och värdig vård och omsorg",
           "Kommunfullmäktiges mål: den som behöver stöd och omsorg ska känna sig trygg och "
           "bemötas med respekt.", "Andel brukare som känner sig trygga med omsorgen", "%",
           85, 90),
    ),
    _P.OPERATIONS: (
        _G("quality", "Verksamheter med hög kvalitet och effektivitet",
           "Kommunfullmäktiges mål: verksamheterna utvecklas ständigt och använder resurserna "
           "effektivt.", "Andel ärenden som avslutas inom utlovad tid", "%", 78, 90),
        _G("climate", "Minskad klimatpåverkan från kommunens verksamhet",
           "Kommunfullmäktiges mål: kommunkoncernen ska vara fossilfri 2030.",
           "Andel fossilfria fordon i kommunens fordonsflotta", "%", 42, 70),
    ),
    _P.ECONOMY: (
        _G("budget", "Ekonomi i balans",
           "Kommunfullmäktiges mål: nämnderna bedriver verksamheten inom tilldelad budgetram.",
           "Budgetavvikelse för nämnderna totalt (prognos helår)", "mnkr", -18, 0),
        _G("cost", "Långsiktigt hållbar ekonomi",
           "Kommunfullmäktiges mål: resultatet ska vara minst 2 procent av skatteintäkter och "
           "generella statsbidrag.", "Resultat i procent av skatteintäkter och statsbidrag",
           "%", 1.1, 2.0),
    ),
    _P.EMPLOYEES: (
        _G("engagement", "Sjöviks kommun är en attraktiv arbetsgivare",
           "Kommunfullmäktiges mål: medarbetarna känner engagemang och rekommenderar kommunen "
           "som arbetsgivare.", "Hållbart medarbetarengagemang (HME)", "index", 77, 80),
        _G("health", "Friska medarbetare",
           "Kommunfullmäktiges mål: sjukfrånvaron ska minska genom ett aktivt "
           "arbetsmiljöarbete.", "Sjukfrånvaro", "%", 7.3, 6.0),
    ),
}

BUDGET_GOAL = _G(
    "budget", "Ekonomi i balans",
    "Verksamheten ska bedrivas inom tilldelad budgetram.",
    "Budgetavvikelse (prognos helår)", "tkr", -300, 0,
)
SICK_LEAVE_GOAL = _G(
    "health", "Minskad sjukfrånvaro",
    "Sjukfrånvaron ska minska genom hälsofrämjande arbete och tidig rehabilitering.",
    "Sjukfrånvaro", "%", None, None,
)
ENGAGEMENT_GOAL = _G(
    "engagement", "Hållbart medarbetarengagemang (HME)",
    "Medarbetarna ska känna motivation och uppleva ett gott ledarskap.",
    "HME-index (medarbetarenkäten)", "index", 76, 80,
)
DIALOGUE_GOAL = _G(
    "dialogue", "Medarbetarsamtal med alla",
    "Alla medarbetare ska ha haft medarbetarsamtal och lönesamtal under året.",
    "Andel genomförda medarbetarsamtal", "%", 82, 100,
)
COMPETENCE_GOAL = _G(
    "competence", "Rätt kompetens i verksamheten",
    "Varje medarbetare ska ha en individuell kompetensutvecklingsplan.",
    "Andel medarbetare med kompetensutvecklingsplan", "%", 55, 90,
)
TURNOVER_GOAL = _G(
    "turnover", "Minskad personalomsättning",
    "Fler medarbetare ska vilja stanna och utvecklas hos oss.",
    "Personalomsättning (rullande tolv månader)", "%", 13, 9,
)

ECONOMY_EXTRAS: tuple[GoalTemplate, ...] = (
    _G("budget", "Träffsäkra prognoser",
       "Månadsprognosen ska ge en rättvisande bild av helåret.",
       "Skillnad mot föregående månads prognos", "%", 3.0, 1.0),
    _G("cost", "Kostnadsmedvetna inköp", "Inköp görs hos de leverantörer kommunen har avtal med.",
       "Andel inköp från avtalade leverantörer (avtalstrohet)", "%", 84, 95),
    _G("cost", "Effektiv lokalanvändning",
       "Lokalerna används effektivt och ytor som inte behövs lämnas."),
)
EMPLOYEE_EXTRAS: tuple[GoalTemplate, ...] = (
    ENGAGEMENT_GOAL,
    DIALOGUE_GOAL,
    COMPETENCE_GOAL,
    TURNOVER_GOAL,
    _G("health", "Systematiskt arbetsmiljöarbete",
       "Skyddsronder och riskbedömningar genomförs enligt årshjulet för SAM."),
)


class GoalPools(NamedTuple):
    """Goal templates to pick from, per perspective."""

    citizens: tuple[GoalTemplate, ...]
    operations: tuple[GoalTemplate, ...]
    economy: tuple[GoalTemplate, ...] = ()  # extras besides the budget goal


# Nämndmål of each förvaltning: citizens, operations, economy (besides budget), employees
# (besides sick leave).
ADMINISTRATION_GOALS: dict[str, tuple[GoalPools, GoalTemplate]] = {
    "buf": (
        GoalPools(
            (
                _G("education", "Alla elever når kunskapskraven",
                   "Nämndmål: andelen elever som når kunskapskraven i alla ämnen ska öka i "
                   "alla skolor.", "Andel elever i åk 9 med godkända betyg i alla ämnen", "%",
                   74, 82),
                _G("satisfaction", "Nöjda vårdnadshavare",
                   "Nämndmål: vårdnadshavare ska vara nöjda med förskola och skola.",
                   "Andel nöjda vårdnadshavare (skol- och förskoleenkäten)", "%", 84, 90),
                _G("safety", "Trygg förskola och skola",
                   "Nämndmål: alla barn och elever ska känna sig trygga.",
                   "Andel elever som känner sig trygga i skolan", "%", 86, 93),
            ),
            (
                _G("quality", "Likvärdig utbildning med behöriga lärare",
                   "Nämndmål: fler lärare och förskollärare ska ha legitimation.",
                   "Andel legitimerade lärare och förskollärare", "%", 71, 80),
                _G("digital", "Digitalt stöd i lärandet",
                   "Nämndmål: digitala verktyg används för att stödja varje barns och elevs "
                   "lärande."),
            ),
            (
                _G("cost", "Kostnadseffektiv skolorganisation",
                   "Nämndmål: kostnaden per elev ska närma sig referenskostnaden.",
                   "Kostnad per elev över referenskostnaden", "%", 3.5, 0),
            ),
        ),
        COMPETENCE_GOAL,
    ),
    "soc": (
        GoalPools(
            (
                _G("care", "Trygg och värdig omsorg",
                   "Nämndmål: brukare inom vård och omsorg ska känna sig trygga och delaktiga.",
                   "Nöjd-Kund-Index äldreomsorg", "index", 80, 85),
                _G("selfsupport", "Fler blir självförsörjande",
                   "Nämndmål: fler hushåll ska gå från försörjningsstöd till arbete eller "
                   "studier.", "Andel avslutade försörjningsstöd till arbete eller studier",
                   "%", 32, 40),
                _G("safety", "Barn och unga får stöd i tid",
                   "Nämndmål: utredningar som rör barn ska bli klara inom lagstadgad tid.",
                   "Andel barnavårdsutredningar klara inom fyra månader", "%", 86, 100),
            ),
            (
                _G("quality", "Rättssäker och säker vård",
                   "Nämndmål: avvikelser rapporteras, analyseras och leder till förbättringar.",
                   "Andel avvikelser som åtgärdas inom 30 dagar", "%", 72, 90),
                _G("climate", "Fossilfria resor i omsorgen",
                   "Nämndmål: hemtjänstens och hemsjukvårdens resor ska bli fossilfria.",
                   "Andel körda mil med fossilfria fordon", "%", 40, 75),
            ),
            (
                _G("cost", "Rätt bemanning",
                   "Nämndmål: bemanningen planeras så att timanställningar och övertid minskar.",
                   "Andel timanställdas arbetade timmar", "%", 14, 9),
            ),
        ),
        TURNOVER_GOAL,
    ),
    "sbf": (
        GoalPools(
            (
                _G("satisfaction", "Nöjda invånare och företagare",
                   "Nämndmål: den som söker lov eller tillstånd ska få snabb och korrekt "
                   "service.", "Nöjd-Kund-Index myndighetsutövning (Insikt)", "index", 68, 73),
                _G("access", "En trygg och tillgänglig offentlig miljö",
                   "Nämndmål: gator, parker och torg ska vara trygga, rena och tillgängliga.",
                   "Andel felanmälningar åtgärdade inom utlovad tid", "%", 74, 90),
            ),
            (
                _G("climate", "Minskad klimatpåverkan i samhällsbyggandet",
                   "Nämndmål: energianvändningen i gatubelysning och anläggningar ska minska.",
                   "Andel gatubelysning med LED-armaturer", "%", 55, 80),
                _G("quality", "God planberedskap för bostäder",
                   "Nämndmål: det ska finnas detaljplaner för minst 200 nya bostäder.",
                   "Antal bostäder i antagna detaljplaner", "antal", 120, 200),
            ),
            (
                _G("cost", "Taxefinansierad verksamhet i balans",
                   "Nämndmål: avgifterna ska täcka kostnaderna för VA, bygglov och tillsyn."),
            ),
        ),
        COMPETENCE_GOAL,
    ),
    "kff": (
        GoalPools(
            (
                _G("satisfaction", "Ett rikt kultur- och fritidsliv för alla",
                   "Nämndmål: invånarna ska vara nöjda med kultur- och fritidsutbudet.",
                   "Nöjdhet med kultur- och fritidsutbudet (SCB)", "index", 60, 64),
                _G("youth", "Meningsfull fritid för barn och unga",
                   "Nämndmål: fler barn och unga ska delta i kultur- och fritidsaktiviteter.",
                   "Antal deltagartillfällen för barn och unga per månad", "antal", 5200, 6000),
            ),
            (
                _G("quality", "Tillgängliga lokaler och öppettider",
                   "Nämndmål: biblioteken och mötesplatserna ska vara öppna när invånarna kan.",
                   "Antal öppettimmar per vecka", "timmar", 120, 150),
                _G("climate", "Energieffektiva anläggningar",
                   "Nämndmål: energianvändningen i idrotts- och kulturanläggningar ska minska.",
                   "Energianvändning i anläggningarna per månad", "MWh", 190, 170),
            ),
            (
                _G("cost", "Ökade externa intäkter",
                   "Nämndmål: uthyrning och avgifter ska ge mer intäkter.",
                   "Intäkter från uthyrning och avgifter per månad", "tkr", 310, 360),
            ),
        ),
        DIALOGUE_GOAL,
    ),
    "klf": (
        GoalPools(
            (
                _G("satisfaction", "God service och tillgänglighet",
                   "Nämndmål: invånare som kontaktar kommunen ska få snabb hjälp.",
                   "Andel samtal till kontaktcenter som besvaras inom två minuter", "%", 72, 85),
                _G("access", "Fler digitala tjänster för invånarna",
                   "Nämndmål: fler ärenden ska kunna skötas digitalt dygnet runt.",
                   "Antal e-tjänster för invånare och företag", "antal", 48, 70),
            ),
            (
                _G("quality", "Effektiva och säkra stödprocesser",
                   "Nämndmål: ekonomi-, HR- och IT-processerna ska vara digitala hela vägen.",
                   "Andel leverantörsfakturor som hanteras helt digitalt", "%", 78, 95),
                _G("climate", "Färre tjänsteresor med bil",
                   "Nämndmål: digitala möten ersätter resor när det går.",
                   "Antal mil med egen bil i tjänsten per månad", "mil", 3400, 2600),
            ),
            (
                _G("cost", "Minskade licenskostnader",
                   "Nämndmål: licenser som inte används sägs upp.",
                   "Kostnad för programlicenser per månad", "tkr", 640, 580),
            ),
        ),
        COMPETENCE_GOAL,
    ),
}

# Verksamhetsmål and enhetsmål by kind of unit.
UNIT_GOALS: dict[str, GoalPools] = {
    "forskola": GoalPools(
        (
            _G("satisfaction", "Nöjda vårdnadshavare i förskolan",
               "Vårdnadshavarna ska uppleva att barnen trivs och utvecklas.",
               "Andel nöjda vårdnadshavare (förskoleenkäten)", "%", 86, 92),
            _G("access", "Plats i förskolan på önskat datum",
               "Barn ska erbjudas plats på önskat placeringsdatum.",
               "Andel barn som fått plats på önskat datum", "%", 91, 100),
            _G("safety", "Trygga barn i förskolan",
               "Alla barn ska känna sig trygga och bli sedda varje dag.",
               "Andel vårdnadshavare som anser att barnet är tryggt", "%", 93, 97),
            _G("education", "Stärkt språkutveckling",
               "Barnens språkutveckling följs upp och stimuleras i vardagen.",
               "Andel barn med genomförd språkscreening vid fyra års ålder", "%", 78, 95),
        ),
        (
            _G("quality", "Hög andel förskollärare",
               "Fler av medarbetarna ska vara legitimerade förskollärare.",
               "Andel årsarbetare med förskollärarlegitimation", "%", 38, 45),
            _G("quality", "Systematiskt kvalitetsarbete",
               "Utvärdering och planering genomförs enligt förvaltningens årshjul."),
            _G("efficiency", "Rimliga barngrupper",
               "Barngruppernas storlek ska följa Skolverkets riktmärken.",
               "Antal barn per årsarbetare", "barn/årsarbetare", 5.6, 5.2),
        ),
        (
            _G("cost", "Minskade vikariekostnader",
               "Vikarier planeras i förväg och kostnaderna följs varje vecka.",
               "Kostnad för timvikarier per månad", "tkr", 85, 60),
        ),
    ),
    "grundskola": GoalPools(
        (
            _G("education", "Andel elever med godkända betyg i alla ämnen",
               "Fler elever ska nå kunskapskraven i alla ämnen.",
               "Andel elever med godkända betyg i alla ämnen", "%", 74, 82),
            _G("safety", "Trygga elever", "Alla elever ska känna sig trygga i skolan.",
               "Andel elever som känner sig trygga (elevenkäten)", "%", 85, 92),
            _G("education", "Ökad närvaro",
               "Frånvaro uppmärksammas tidigt och närvaron ska öka.",
               "Andel elever med minst 90 % närvaro", "%", 83, 90),
            _G("satisfaction", "Nöjda vårdnadshavare",
               "Vårdnadshavarna ska känna förtroende för skolan.",
               "Andel nöjda vårdnadshavare (skolenkäten)", "%", 80, 87),
        ),
        (
            _G("quality", "Legitimerade lärare",
               "Undervisningen ska bedrivas av legitimerade lärare.",
               "Andel lärare med lärarlegitimation", "%", 79, 88),
            _G("digital", "Digitalt stöd i undervisningen",
               "Lärplattformen används för planering, återkoppling och bedömning.",
               "Andel lärare som använder lärplattformen varje vecka", "%", 70, 90),
            _G("quality", "Elevhälsa i tid",
               "Elever i behov av särskilt stöd ska få det utan dröjsmål.",
               "Andel utredningar om särskilt stöd klara inom fyra veckor", "%", 65, 90),
        ),
        (
            _G("cost", "Minskat matsvinn",
               "Mindre mat ska slängas i skolrestaurangen.",
               "Matsvinn per portion", "gram", 45, 30),
        ),
    ),
    "gymnasium": GoalPools(
        (
            _G("education", "Fler elever tar examen",
               "Fler elever ska ta examen inom tre år.",
               "Andel elever med examen inom tre år", "%", 72, 80),
            _G("satisfaction", "Nöjda elever",
               "Eleverna ska vara nöjda med sin utbildning.",
               "Andel elever som är nöjda med utbildningen", "%", 78, 85),
            _G("safety", "Trygg skolmiljö",
               "Alla elever ska känna sig trygga på skolan.",
               "Andel elever som känner sig trygga i skolan", "%", 88, 94),
        ),
        (
            _G("quality", "Färre studieavbrott",
               "Elever som riskerar att avbryta studierna fångas upp tidigt.",
               "Antal elever som avbrutit studierna", "antal", 14, 8),
            _G("quality", "Studie- och yrkesvägledning för alla",
               "Alla elever ska få individuell vägledning under studietiden.",
               "Andel elever som fått individuell vägledning", "%", 60, 90),
            _G("digital", "Digitala prov och bedömning",
               "Nationella prov och kursprov genomförs digitalt."),
        ),
        (
            _G("cost", "Effektiv lokalanvändning",
               "Salar och lokaler nyttjas över hela skoldagen."),
        ),
    ),
    "vuxenutb": GoalPools(
        (
            _G("education", "Vidare till arbete eller studier",
               "Fler ska gå vidare till arbete eller studier efter avslutad utbildning.",
               "Andel i arbete eller studier sex månader efter utbildningen", "%", 58, 65),
            _G("satisfaction", "Nöjda kursdeltagare",
               "Kursdeltagarna ska vara nöjda med undervisningen och bemötandet.",
               "Andel nöjda kursdeltagare", "%", 81, 88),
            _G("access", "Kort väntetid till sfi",
               "Den som söker sfi ska kunna börja snabbt.",
               "Genomsnittlig väntetid till start i sfi", "dagar", 35, 21),
        ),
        (
            _G("quality", "Godkända kurser",
               "Fler kursdeltagare ska klara sina kurser.",
               "Andel godkända kursdeltagare", "%", 76, 82),
            _G("digital", "Flexibla studier på distans",
               "Fler kurser ska kunna läsas på distans.",
               "Andel kurser som kan läsas på distans", "%", 40, 60),
        ),
    ),
    "hemtjanst": GoalPools(
        (
            _G("care", "Nöjd-Kund-Index hemtjänst",
               "Brukarna ska vara nöjda med hemtjänstens stöd och bemötande.",
               "Nöjd-Kund-Index (NKI) hemtjänst", "index", 82, 86),
            _G("care", "Kontinuitet i hemtjänsten",
               "Brukarna ska möta så få olika medarbetare som möjligt.",
               "Antal olika personal hos en brukare under 14 dagar", "antal", 15, 11,
               "mean"),  # a count per brukare: averaged over the groups, not summed
            _G("safety", "Trygghet i det egna hemmet",
               "Brukarna ska känna sig trygga med hemtjänsten.",
               "Andel brukare som känner sig trygga med hemtjänsten", "%", 86, 91),
            _G("satisfaction", "Delaktighet i genomförandeplanen",
               "Brukaren ska ha varit med och tagit fram sin genomförandeplan.",
               "Andel brukare med aktuell genomförandeplan", "%", 78, 95),
        ),
        (
            _G("efficiency", "Ökad brukartid",
               "En större del av arbetstiden ska vara tid hos brukaren.",
               "Andel brukartid av arbetad tid", "%", 58, 65),
            _G("quality", "Säker läkemedelshantering",
               "Avvikelser i läkemedelshanteringen ska minska.",
               "Antal avvikelser i läkemedelshanteringen", "antal", 12, 6),
            _G("quality", "Avvikelser följs upp",
               "Alla avvikelser ska analyseras och åtgärdas.",
               "Andel avvikelser åtgärdade inom 30 dagar", "%", 70, 90),
            _G("climate", "Fossilfria resor",
               "Hemtjänstens resor görs med el- eller biogasbilar, cykel eller till fots.",
               "Andel körda mil med el- eller biogasbil", "%", 35, 75),
        ),
        (
            _G("cost", "Rätt bemanning",
               "Bemanningen planeras så att timanställningar och övertid minskar.",
               "Andel timanställdas arbetade timmar", "%", 15, 10),
        ),
    ),
    "boende": GoalPools(
        (
            _G("care", "Nöjda boende",
               "De boende ska vara nöjda med sitt särskilda boende.",
               "Andel boende som är nöjda med sitt boende", "%", 80, 87),
            _G("care", "Meningsfull vardag",
               "Varje boende ska ha minst en individuell aktivitet i veckan.",
               "Andel boende med individuell aktivitet varje vecka", "%", 70, 90),
            _G("safety", "Trygghet på boendet",
               "De boende ska känna sig trygga dygnet runt.",
               "Andel boende som känner sig trygga", "%", 84, 90),
        ),
        (
            _G("quality", "Färre fallolyckor",
               "Riskbedömningar och förebyggande åtgärder ska minska antalet fall.",
               "Antal fallolyckor per månad", "antal", 18, 10),
            _G("quality", "Riskbedömningar i Senior alert",
               "Alla boende ska ha aktuella riskbedömningar.",
               "Andel boende med riskbedömning i Senior alert", "%", 82, 98),
            _G("quality", "Läkemedelsgenomgångar",
               "Alla boende ska ha en läkemedelsgenomgång varje år."),
        ),
        (
            _G("cost", "Rätt bemanning",
               "Bemanningen planeras så att timanställningar och övertid minskar.",
               "Andel timanställdas arbetade timmar", "%", 13, 9),
        ),
    ),
    "ifo": GoalPools(
        (
            _G("safety", "Snabbare barnavårdsutredningar",
               "Utredningar ska bli klara inom lagstadgad tid.",
               "Genomsnittlig utredningstid", "dagar", 125, 110),
            _G("selfsupport", "Fler i egen försörjning",
               "Fler hushåll ska lämna försörjningsstöd för arbete eller studier.",
               "Andel hushåll som lämnat försörjningsstöd för arbete eller studier", "%", 32,
               40),
            _G("satisfaction", "Bra bemötande",
               "Klienterna ska känna sig respektfullt bemötta.",
               "Andel klienter som är nöjda med bemötandet", "%", 82, 90),
        ),
        (
            _G("quality", "Rättssäker handläggning",
               "Utredningar ska vara klara i tid och dokumenterade enligt rutin.",
               "Andel utredningar klara inom fyra månader", "%", 85, 100),
            _G("efficiency", "Kort väntetid till första besök",
               "Den som söker stöd ska snabbt få ett första besök.",
               "Väntetid till första besök", "dagar", 14, 7),
            _G("quality", "Vård på hemmaplan",
               "Fler ska få stöd i egen öppenvård i stället för placering.",
               "Andel insatser i egen öppenvård", "%", 55, 70),
        ),
    ),
    "lss": GoalPools(
        (
            _G("care", "Delaktighet och inflytande",
               "Brukarna ska ha inflytande över sin vardag.",
               "Andel brukare som får bestämma om saker som är viktiga för dem", "%", 78, 85),
            _G("satisfaction", "Meningsfull sysselsättning",
               "Brukarna ska ha en meningsfull sysselsättning flera dagar i veckan.",
               "Andel brukare med daglig verksamhet minst fyra dagar i veckan", "%", 72, 85),
            _G("safety", "Trygg boendemiljö", "Brukarna ska känna sig trygga där de bor.",
               "Andel brukare som känner sig trygga", "%", 88, 93),
        ),
        (
            _G("quality", "Aktuella genomförandeplaner",
               "Alla brukare ska ha en aktuell genomförandeplan.",
               "Andel brukare med aktuell genomförandeplan", "%", 80, 100),
            _G("quality", "Avvikelser åtgärdas",
               "Avvikelser ska analyseras och åtgärdas.",
               "Andel avvikelser åtgärdade inom 30 dagar", "%", 70, 90),
            _G("quality", "Lågaffektivt bemötande",
               "Alla medarbetare ska ha gått utbildningen i lågaffektivt bemötande."),
        ),
    ),
    "gata": GoalPools(
        (
            _G("access", "Felanmälningar åtgärdas snabbt",
               "Fel på gator, belysning och skyltar åtgärdas inom utlovad tid.",
               "Andel felanmälningar åtgärdade inom tio arbetsdagar", "%", 75, 90),
            _G("satisfaction", "Nöjdhet med gator och vägar",
               "Invånarna ska vara nöjda med gator och gång- och cykelvägar.",
               "Nöjdhet med gator och vägar (SCB)", "index", 52, 56),
            _G("safety", "Trafiksäkra skolvägar",
               "Trafikfarliga platser nära skolor byggs om.",
               "Antal åtgärdade trafikfarliga platser i år", "antal", 3, 12),
        ),
        (
            _G("quality", "Planerat underhåll genomförs",
               "Beläggningsunderhållet följer underhållsplanen.",
               "Andel utfört beläggningsunderhåll av plan", "%", 70, 100),
            _G("climate", "Energieffektiv gatubelysning",
               "Gatubelysningen byts till LED.", "Andel gatubelysning med LED", "%", 55, 80),
            _G("quality", "Vinterväghållning enligt standard",
               "Snöröjningen påbörjas inom fyra timmar efter snöfall över fem centimeter."),
        ),
    ),
    "park": GoalPools(
        (
            _G("satisfaction", "Nöjdhet med parker och grönområden",
               "Invånarna ska vara nöjda med parker och grönområden.",
               "Nöjdhet med parker och grönområden (SCB)", "index", 62, 66),
            _G("access", "Klotter saneras snabbt",
               "Klotter på kommunens anläggningar tas bort inom 48 timmar.",
               "Andel klotteranmälningar sanerade inom 48 timmar", "%", 80, 95),
            _G("safety", "Säkra lekplatser",
               "Lekplatserna ska vara säkra och besiktigade.",
               "Andel lekplatser utan anmärkning vid besiktning", "%", 82, 100),
        ),
        (
            _G("climate", "Ökad biologisk mångfald",
               "Fler gräsytor sköts som äng.",
               "Andel gräsytor som sköts som äng", "%", 8, 15),
            _G("quality", "Skötselplanen följs",
               "Parkskötseln utförs enligt skötselplanen.",
               "Andel utförda skötselmoment enligt plan", "%", 85, 95),
            _G("climate", "Fossilfria arbetsmaskiner",
               "Maskiner byts till eldrivna när de ska ersättas.",
               "Andel eldrivna arbetsmaskiner", "%", 20, 50),
        ),
    ),
    "bygglov": GoalPools(
        (
            _G("satisfaction", "Nöjd-Kund-Index bygglov",
               "Sökande ska vara nöjda med service och bemötande.",
               "NKI bygglov (Insikt)", "index", 68, 72),
            _G("access", "Snabb handläggning av bygglov",
               "Handläggningstiden för bygglov ska bli kortare.",
               "Genomsnittlig handläggningstid för bygglov", "dagar", 38, 28),
        ),
        (
            _G("quality", "Beslut inom lagstadgad tid",
               "Alla bygglov ska beslutas inom tio veckor.",
               "Andel bygglov beslutade inom tio veckor", "%", 92, 100),
            _G("digital", "Digitala ansökningar",
               "Fler ansökningar ska komma in via e-tjänst.",
               "Andel ansökningar via e-tjänst", "%", 65, 90),
        ),
    ),
    "plan": GoalPools(
        (
            _G("satisfaction", "Tidig dialog med invånarna",
               "Invånarna ska få vara med tidigt i planarbetet.",
               "Antal medborgardialoger i planarbetet i år", "antal", 2, 4),
            _G("access", "Planberedskap för bostäder",
               "Det ska finnas detaljplaner för nya bostäder.",
               "Antal bostäder i antagna detaljplaner", "antal", 120, 200),
        ),
        (
            _G("quality", "Detaljplaner enligt tidplan",
               "Planarbetet ska följa den beslutade planprioriteringen.",
               "Andel detaljplaner som följer tidplanen", "%", 60, 85),
            _G("digital", "Digitala detaljplaner",
               "Nya detaljplaner tas fram som digitala, standardiserade planer."),
        ),
    ),
    "va": GoalPools(
        (
            _G("safety", "Säkert dricksvatten",
               "Dricksvattnet ska alltid hålla god kvalitet.",
               "Antal anmärkningar på dricksvattenprover", "antal", 2, 0),
            _G("access", "Hög leveranssäkerhet",
               "Avbrott i vattenleveransen ska vara få och korta.",
               "Antal timmar med oplanerade driftavbrott", "timmar", 30, 15),
        ),
        (
            _G("climate", "Minskat läckage",
               "Läckor i ledningsnätet hittas och åtgärdas.",
               "Andel läckage i ledningsnätet", "%", 18, 12),
            _G("quality", "Förnyelse av ledningsnätet",
               "Ledningsnätet förnyas i takt med behoven.",
               "Förnyelsetakt i ledningsnätet", "%", 0.4, 0.8),
        ),
        (
            _G("cost", "Taxefinansierad verksamhet i balans",
               "VA-taxan ska täcka verksamhetens kostnader."),
        ),
    ),
    "bibliotek": GoalPools(
        (
            _G("satisfaction", "Fler besök på biblioteket",
               "Biblioteket ska vara en självklar mötesplats.",
               "Antal besök per månad", "antal", 8200, 9000),
            _G("youth", "Läsfrämjande för barn och unga",
               "Fler barn och unga ska låna och läsa böcker.",
               "Utlån av barn- och ungdomsmedier per månad", "antal", 5400, 6000),
            _G("access", "Digital delaktighet",
               "Biblioteket erbjuder handledning i digitala tjänster.",
               "Antal besökare i digital handledning per månad", "antal", 60, 90),
        ),
        (
            _G("quality", "Meröppet", "Biblioteket ska vara tillgängligt fler timmar.",
               "Antal meröppet-timmar per vecka", "timmar", 20, 40),
            _G("quality", "Fler arrangemang",
               "Författarbesök, sagostunder och språkcaféer lockar nya besökare.",
               "Antal arrangemang per månad", "antal", 12, 16),
        ),
    ),
    "idrott": GoalPools(
        (
            _G("satisfaction", "Nöjda föreningar",
               "Föreningarna ska vara nöjda med anläggningarna och bokningen.",
               "Andel föreningar som är nöjda med anläggningarna", "%", 75, 85),
            _G("youth", "Fler besök i simhall och sporthall",
               "Fler invånare ska röra sig och besöka anläggningarna.",
               "Antal besök per månad", "antal", 11000, 12500),
        ),
        (
            _G("efficiency", "Hög beläggning",
               "Hallarna ska användas så mycket som möjligt kvällstid.",
               "Beläggningsgrad i idrottshallarna kvällstid", "%", 78, 88),
            _G("climate", "Minskad energianvändning",
               "Energianvändningen i anläggningen ska minska.",
               "Energianvändning per månad", "MWh", 210, 190),
        ),
    ),
    "fritidsgard": GoalPools(
        (
            _G("youth", "Fler unga besöker fritidsgården",
               "Fritidsgården ska vara en självklar mötesplats för unga.",
               "Antal unika besökare per månad", "antal", 180, 220),
            _G("safety", "Trygg mötesplats",
               "Besökarna ska känna sig trygga på gården.",
               "Andel besökare som känner sig trygga", "%", 88, 95),
            _G("access", "Jämställd fritid",
               "Fritidsgården ska locka både flickor och pojkar.",
               "Andel flickor av besökarna", "%", 33, 45),
        ),
        (
            _G("quality", "Ungdomars inflytande",
               "Ungdomarna planerar och genomför egna aktiviteter.",
               "Antal aktiviteter som planerats av ungdomar per månad", "antal", 4, 8),
            _G("quality", "Samverkan med skolan",
               "Fritidsgården och skolorna samverkar kring trygghet och närvaro."),
        ),
    ),
    "kulturskola": GoalPools(
        (
            _G("access", "Kortare kö till kulturskolan",
               "Fler barn ska få plats utan lång väntan.", "Antal barn i kö", "antal", 140, 80),
            _G("youth", "Kulturskola för alla",
               "Fler elever ska komma från områden där få deltar i dag.",
               "Andel elever från prioriterade områden", "%", 12, 20),
            _G("satisfaction", "Nöjda elever och vårdnadshavare",
               "Elever och vårdnadshavare ska vara nöjda med undervisningen.",
               "Andel nöjda elever och vårdnadshavare", "%", 85, 90),
        ),
        (
            _G("quality", "Bredare utbud",
               "Kulturskolan ska erbjuda fler ämnen och kurser.",
               "Antal ämnen och kurser som erbjuds", "antal", 14, 18),
            _G("quality", "Fler konserter och föreställningar",
               "Eleverna ska få visa vad de lärt sig för publik.",
               "Antal publika framträdanden per termin", "antal", 10, 14),
        ),
    ),
    "eko": GoalPools(
        (
            _G("satisfaction", "Bra ekonomistöd till verksamheterna",
               "Cheferna ska uppleva att de får bra stöd i ekonomifrågor.",
               "Andel chefer som är nöjda med ekonomistödet", "%", 76, 85),
            _G("access", "Begriplig ekonomisk information",
               "Budget och bokslut redovisas så att invånarna kan förstå dem."),
        ),
        (
            _G("quality", "Månadsbokslut i tid",
               "Månadsboksluten ska vara klara enligt tidplanen.",
               "Andel månadsbokslut klara enligt tidplan", "%", 85, 100),
            _G("digital", "Automatiserad fakturahantering",
               "Fler leverantörsfakturor ska hanteras automatiskt.",
               "Andel leverantörsfakturor som hanteras automatiskt", "%", 45, 70),
        ),
    ),
    "hr": GoalPools(
        (
            _G("satisfaction", "Bra HR-stöd till chefer",
               "Cheferna ska uppleva att de får bra stöd i personalfrågor.",
               "Andel chefer som är nöjda med HR-stödet", "%", 74, 85),
            _G("access", "Snabba rekryteringar",
               "Rekryteringar ska gå snabbare utan att kvaliteten sjunker.",
               "Genomsnittlig rekryteringstid", "dagar", 48, 35),
        ),
        (
            _G("quality", "Korrekta löner",
               "Lönerna ska vara rätt från början.",
               "Andel korrekta löneutbetalningar", "%", 98.5, 99.5),
            _G("quality", "Heltid som norm",
               "Fler tillsvidareanställda ska arbeta heltid.",
               "Andel tillsvidareanställda med heltid", "%", 78, 90),
        ),
    ),
    "dig": GoalPools(
        (
            _G("access", "Fler e-tjänster",
               "Fler ärenden ska kunna skötas digitalt.",
               "Antal e-tjänster för invånare och företag", "antal", 48, 70),
            _G("satisfaction", "Snabb IT-support",
               "Användarna ska vara nöjda med IT-supporten.",
               "Andel nöjda användare i IT-supporten", "%", 80, 90),
        ),
        (
            _G("quality", "Ärenden lösta i tid",
               "IT-ärenden ska lösas snabbt.",
               "Andel IT-ärenden lösta inom åtta timmar", "%", 72, 85),
            _G("digital", "Säker IT-miljö",
               "Alla medarbetare ska ha gått utbildningen i informationssäkerhet.",
               "Andel medarbetare som gått utbildning i informationssäkerhet", "%", 60, 95),
        ),
    ),
}

# Sick leave (percent) by kind of work, the baseline of the sick-leave goal.
SICK_LEAVE_BASELINE: dict[str, float] = {
    "kommun": 7.3, "klf": 4.0, "buf": 7.4, "soc": 8.9, "sbf": 5.0, "kff": 5.6,
    "forskola": 9.2, "grundskola": 7.1, "gymnasium": 5.4, "vuxenutb": 5.0,
    "hemtjanst": 10.8, "boende": 10.2, "ifo": 7.9, "lss": 9.5, "gata": 6.2, "park": 6.5,
    "bygglov": 4.1, "plan": 3.8, "va": 5.2, "bibliotek": 5.5, "idrott": 6.0,
    "fritidsgard": 5.8, "kulturskola": 4.9, "eko": 3.9, "hr": 4.2, "dig": 3.5,
}

# Money goals in tkr are sized to the unit.
MONEY_SCALE: dict[str, float] = {
    _K.ADMINISTRATION: 12.0, _K.DIVISION: 4.0, _K.UNIT: 1.0, _K.MUNICIPALITY: 1.0,
}

REF_LETTER: dict[Perspective, str] = {
    _P.CITIZENS: "M",  # Medborgare
    _P.OPERATIONS: "V",  # Verksamhet
    _P.ECONOMY: "E",  # Ekonomi
    _P.EMPLOYEES: "P",  # Personal / medarbetare
}


def pick_templates(
    rng: random.Random, pool: Sequence[GoalTemplate], count: int
) -> list[GoalTemplate]:
    """``count`` different templates from ``pool`` (as many as it has, at most)."""
    count = max(0, min(count, len(pool)))
    return rng.sample(list(pool), count)


def goal_count(rng: random.Random) -> int:
    """How many goals a unit gets in one perspective."""
    return rng.choices((1, 2, 3), weights=(30, 45, 25))[0]


def combined_pools(profile: str) -> GoalPools:
    """The unit pools of a ``"+"``-separated profile, joined."""
    parts = [UNIT_GOALS[p] for p in profile.split("+")]
    return GoalPools(
        tuple(g for p in parts for g in p.citizens),
        tuple(g for p in parts for g in p.operations),
        tuple(g for p in parts for g in p.economy),
    )


def templates_for(rng: random.Random, spec: UnitSpec) -> dict[Perspective, list[GoalTemplate]]:
    """Which goals a unit has, per perspective (1–3 each)."""
    if spec.kind is _K.MUNICIPALITY:
        return {p: list(MUNICIPAL_GOALS[p]) for p in PERSPECTIVE_ORDER}
    if spec.kind is _K.ADMINISTRATION:
        pools, third_employee_goal = ADMINISTRATION_GOALS[spec.profile]
        return {
            _P.CITIZENS: list(pools.citizens[:3]),
            _P.OPERATIONS: list(pools.operations[:3]),
            _P.ECONOMY: [BUDGET_GOAL, *pools.economy[:2]],
            _P.EMPLOYEES: [SICK_LEAVE_GOAL, ENGAGEMENT_GOAL, third_employee_goal],
        }
    pools = combined_pools(spec.profile)
    economy_pool = [*pools.economy, *ECONOMY_EXTRAS]
    return {
        _P.CITIZENS: pick_templates(rng, pools.citizens, goal_count(rng)),
        _P.OPERATIONS: pick_templates(rng, pools.operations, goal_count(rng)),
        _P.ECONOMY: [BUDGET_GOAL, *pick_templates(rng, economy_pool, goal_count(rng) - 1)],
        _P.EMPLOYEES: [
            SICK_LEAVE_GOAL, *pick_templates(rng, EMPLOYEE_EXTRAS, goal_count(rng) - 1)
        ],
    }

