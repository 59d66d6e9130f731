# ruff: noqa: E501  (the ordningar are data, one point per line)
"""The demo kommun's delegationsordningar: barn- och utbildningsnämnden (BUN) and
socialnämnden (SN). Invented for Sjövik, written in the style of a Swedish ordning
(not copied from any kommun's document).

Each line: ``nummer | ärende | lagrum | delegat | ersättare | beloppsgräns kr | anm``;
a line starting with ``#`` is the ärendegrupp of the points below it. "Anmälan" is yes
unless the note says "ej anmälan".
"""

from __future__ import annotations

from dataclasses import dataclass

BUN_TEXT = """
# Allmänna ärenden
1.1 | Beslut i brådskande ärenden där nämndens avgörande inte kan avvaktas | KL 6 kap. 39 § | Ordförande | Vice ordförande | |
1.2 | Yttrande till kommunstyrelsen i remissärenden av mindre vikt | | Förvaltningschef | | |
1.3 | Avvisa ett överklagande som kommit in för sent | FL 45 § | Förvaltningschef | Verksamhetschef | |
1.4 | Omprövning av beslut fattat på delegation | FL 37-39 §§ | Den som fattat beslutet | | |
1.5 | Föra nämndens talan i domstol och andra myndigheter | KL 6 kap. 15 § | Förvaltningschef | | |
1.6 | Beslut att inte lämna ut allmän handling eller att lämna ut den med förbehåll | OSL 6 kap. 3 § | Förvaltningschef | Verksamhetschef | |
1.7 | Yttrande till JO, Skolinspektionen och Barn- och elevombudet | | Förvaltningschef | | |
1.8 | Anmälan till tillsynsmyndighet om allvarliga missförhållanden | | Förvaltningschef | | |
1.9 | Beslut om ändrade öppettider för förvaltningens verksamheter | | Förvaltningschef | | |
1.10 | Mottagande av gåvor och donationer till verksamheten | | Förvaltningschef | | 50000 |
# Ekonomi och upphandling
2.1 | Upphandling och avrop av varor och tjänster inom budget | LOU | Förvaltningschef | | 1500000 |
2.2 | Upphandling och avrop av varor och tjänster inom budget | LOU | Verksamhetschef | | 500000 |
2.3 | Inköp av varor och tjänster inom enhetens budget | LOU | Rektor | | 100000 |
2.4 | Teckna hyresavtal och inhyrning av lokaler | | Förvaltningschef | | | Längst fem år
2.5 | Beslut om avskrivning av fordran | | Förvaltningschef | | 20000 |
2.6 | Beslut om försäljning och utrangering av inventarier | | Rektor | | 25000 |
2.7 | Beslut om skadestånd och ersättning för skada på elevs egendom | SkL 3 kap. | Förvaltningschef | | 30000 |
2.8 | Attesträtt och utseende av attestanter | | Förvaltningschef | | | ej anmälan
2.9 | Ansökan om statsbidrag till verksamheten | | Verksamhetschef | | |
2.10 | Fördelning av budget mellan verksamheterna | | Förvaltningschef | | |
# Personal
3.1 | Anställning av verksamhetschef | LAS | Förvaltningschef | | |
3.2 | Anställning av personal inom enheten | LAS | Rektor | | |
3.3 | Tillsvidareanställning av rektor | LAS | Verksamhetschef | | |
3.4 | Uppsägning av personal av personliga skäl | LAS 7 § | Förvaltningschef | | | Efter samråd med HR
3.5 | Avskedande av personal | LAS 18 § | Förvaltningschef | | | Efter samråd med HR
3.6 | Tjänstledighet utöver lag och avtal för personal på enheten | | Rektor | | | Längst sex månader
3.7 | Lönesättning vid nyanställning | | Rektor | | |
3.8 | Beslut om disciplinåtgärd, skriftlig varning | AB § 11 | Förvaltningschef | | |
3.9 | Beslut om avstängning av arbetstagare | AB § 10 | Förvaltningschef | | |
3.10 | Omplacering av personal inom förvaltningen | LAS 7 § | Förvaltningschef | | |
3.11 | Beslut om bisyssla | AB § 8 | Rektor | | |
3.12 | Fördelning av arbetsmiljöuppgifter | AML 3 kap. | Förvaltningschef | | | ej anmälan
# Förskola och pedagogisk omsorg
4.1 | Beslut om placering i förskola | SkL 8 kap. 15 § | Rektor | | | Lokalt beslut, gäller förskolan
4.2 | Beslut om förskola för barn i behov av särskilt stöd | SkL 8 kap. 7 § | Rektor | | |
4.3 | Beslut om plats i förskola i annan kommun | SkL 8 kap. 13 § | Verksamhetschef | | |
4.4 | Beslut om nedsättning av avgift för förskola och fritidshem | SkL 8 kap. 16 § | Verksamhetschef | | |
4.5 | Beslut om uppsägning av plats i förskola vid obetald avgift | | Verksamhetschef | | |
4.6 | Godkännande av enskild huvudman för förskola | SkL 2 kap. 5 § | Förvaltningschef | | |
4.7 | Beslut om bidrag till fristående förskola | SkL 8 kap. 21 § | Förvaltningschef | | |
4.8 | Tillsyn av fristående förskola och pedagogisk omsorg | SkL 26 kap. 4 § | Verksamhetschef | | |
4.9 | Beslut om rätt till pedagogisk omsorg på obekväm arbetstid | SkL 25 kap. 5 § | Verksamhetschef | | |
4.10 | Beslut om stängning av förskola vid planeringsdagar | | Rektor | | |
# Grundskola och grundsärskola
5.1 | Beslut om placering vid skolenhet | SkL 10 kap. 30 § | Verksamhetschef | | |
5.2 | Beslut om mottagande i grundsärskola | SkL 7 kap. 5 § | Verksamhetschef | | |
5.3 | Beslut om skolskjuts för elev i grundskolan | SkL 10 kap. 32 § | Verksamhetschef | | |
5.4 | Beslut om skolskjuts vid växelvis boende | SkL 10 kap. 32 § | Verksamhetschef | | |
5.5 | Beslut om mottagande av elev från annan kommun | SkL 10 kap. 25 § | Verksamhetschef | | |
5.6 | Beslut om tillfällig avstängning av elev i grundskolan | SkL 5 kap. 14 § | Rektor | | | Högst en vecka
5.7 | Beslut om omplacering av elev till annan skolenhet | SkL 5 kap. 12 § | Verksamhetschef | | |
5.8 | Beslut om ledighet för elev upp till tio dagar | SkL 7 kap. 18 § | Rektor | | |
5.9 | Beslut om ledighet för elev mer än tio dagar | SkL 7 kap. 18 § | Verksamhetschef | | |
5.10 | Beslut om särskilt stöd i form av särskild undervisningsgrupp | SkL 3 kap. 11 § | Rektor | | |
5.11 | Beslut om åtgärdsprogram | SkL 3 kap. 9 § | Rektor | | | ej anmälan
5.12 | Beslut om anpassad studiegång | SkL 3 kap. 12 § | Rektor | | |
5.13 | Beslut om att elev ska få börja skolan ett år tidigare | SkL 7 kap. 11 § | Rektor | | |
5.14 | Beslut om uppskjuten skolplikt | SkL 7 kap. 10 § | Verksamhetschef | | |
5.15 | Beslut om föreläggande vid fullgörande av skolplikt och vite | SkL 7 kap. 23 § | Förvaltningschef | | |
5.16 | Beslut om skolgång i hemmet, fullgörande av skolplikten på annat sätt | SkL 24 kap. 23 § | Förvaltningschef | | |
5.17 | Beslut om läsårstider, terminstider och lovdagar | SkF 3 kap. 3 § | Förvaltningschef | | |
5.18 | Beslut om modersmålsundervisning | SkF 5 kap. 10 § | Rektor | | |
5.19 | Utredning av kränkande behandling av elev | SkL 6 kap. 10 § | Rektor | | | ej anmälan
5.20 | Beslut om utvisning ur undervisningslokal | SkL 5 kap. 7 § | Rektor | | | ej anmälan
5.21 | Beslut om omhändertagande av föremål från elev | SkL 5 kap. 22 § | Rektor | | | ej anmälan
5.22 | Beslut om skriftlig varning till elev | SkL 5 kap. 11 § | Rektor | | |
5.23 | Beslut om elevresor och busskort för elever | | Verksamhetschef | | |
5.24 | Beslut om interkommunal ersättning till annan kommun | SkL 10 kap. 34 § | Verksamhetschef | | |
# Gymnasieskola och vuxenutbildning
6.1 | Beslut om mottagande och antagning till gymnasieskolan | SkL 15 kap. 12 § | Rektor | | |
6.2 | Beslut om tillfällig avstängning av elev i gymnasieskolan | SkL 5 kap. 17 § | Rektor | | |
6.3 | Beslut om avstängning av elev i gymnasieskolan längre än en vecka | SkL 5 kap. 17 § | Förvaltningschef | | |
6.4 | Beslut om inackorderingstillägg | SkL 15 kap. 32 § | Verksamhetschef | | |
6.5 | Beslut om reducerat program för elev | SkL 16 kap. 14 § | Rektor | | |
6.6 | Beslut om mottagande i kommunal vuxenutbildning | SkL 20 kap. 13 § | Rektor | | |
6.7 | Beslut om att avbryta utbildning för elev i vuxenutbildning | SkL 20 kap. 9 § | Rektor | | |
6.8 | Beslut om elevresor för gymnasieelever | | Verksamhetschef | | |
6.9 | Beslut om interkommunal ersättning för gymnasieelever | SkL 16 kap. 50 § | Verksamhetschef | | |
6.10 | Beslut om lärlingsutbildning och arbetsplatsförlagt lärande | SkL 16 kap. 11 § | Rektor | | |
# Kultur och lokaler
7.1 | Upplåtelse av skollokaler till föreningar | | Rektor | | |
7.2 | Beslut om skolans ordningsregler | SkL 5 kap. 5 § | Rektor | | | ej anmälan
7.3 | Beslut om kameraövervakning i skolans lokaler | | Förvaltningschef | | |
7.4 | Beslut om ändrad användning av lokaler och ombyggnad | | Förvaltningschef | | 300000 |
7.5 | Polisanmälan av brott mot verksamheten | | Rektor | | |
"""

SN_TEXT = """
# Allmänna ärenden
1.1 | Beslut i brådskande ärenden där nämndens avgörande inte kan avvaktas | KL 6 kap. 39 § | Ordförande | Vice ordförande | |
1.2 | Yttrande i remissärenden av mindre vikt | | Socialchef | | |
1.3 | Avvisa ett överklagande som kommit in för sent | FL 45 § | Socialchef | Verksamhetschef | |
1.4 | Beslut att inte lämna ut allmän handling eller uppgift | OSL 6 kap. 3 § | Socialchef | Verksamhetschef | |
1.5 | Anmälan enligt lex Sarah om allvarliga missförhållanden till IVO | SoL 14 kap. 7 § | Socialchef | | |
1.6 | Utredning enligt lex Sarah av rapporterade missförhållanden | SoL 14 kap. 6 § | Verksamhetschef | | | ej anmälan
1.7 | Yttrande till IVO och JO i tillsynsärenden | | Socialchef | | |
1.8 | Föra nämndens talan i förvaltningsdomstol | | Socialchef | | |
1.9 | Polisanmälan av brott mot den egna verksamheten | | Enhetschef äldreomsorg | | |
1.10 | Beslut om ändrade öppettider och tillfällig stängning av verksamhet | | Verksamhetschef | | |
# Ekonomi och upphandling
2.1 | Upphandling och avrop av varor och tjänster inom budget | LOU | Socialchef | | 1500000 |
2.2 | Upphandling och avrop av varor och tjänster inom budget | LOU | Verksamhetschef | | 500000 |
2.3 | Inköp av varor och tjänster inom enhetens budget | LOU | Enhetschef äldreomsorg | | 100000 |
2.4 | Teckna hyresavtal för lokaler och bostäder | | Socialchef | | | Längst fem år
2.5 | Beslut om avskrivning av fordran på avgifter | | Socialchef | | 20000 |
2.6 | Ersättning för skada på brukares egendom | SkL 3 kap. | Verksamhetschef | | 25000 |
2.7 | Beslut om att ingå avtal om vårdplatser hos extern utförare | LOU | Socialchef | | |
2.8 | Ansökan om statsbidrag och projektmedel | | Verksamhetschef | | |
# Personal
3.1 | Anställning av verksamhetschef | LAS | Socialchef | | |
3.2 | Anställning av personal inom enheten | LAS | Enhetschef äldreomsorg | | |
3.3 | Anställning av personal inom individ- och familjeomsorgen | LAS | Enhetschef IFO | | |
3.4 | Uppsägning av personal av personliga skäl | LAS 7 § | Socialchef | | | Efter samråd med HR
3.5 | Tjänstledighet utöver lag och avtal | | Enhetschef äldreomsorg | | | Längst sex månader
3.6 | Lönesättning vid nyanställning | | Enhetschef äldreomsorg | | |
3.7 | Beslut om bisyssla | AB § 8 | Verksamhetschef | | |
3.8 | Fördelning av arbetsmiljöuppgifter | AML 3 kap. | Socialchef | | | ej anmälan
# Äldreomsorg
4.1 | Beslut om bistånd i form av hemtjänst | SoL 4 kap. 1 § | Enhetschef äldreomsorg | Verksamhetschef | |
4.2 | Beslut om bistånd i form av särskilt boende för äldre | SoL 4 kap. 1 § | Verksamhetschef | | |
4.3 | Beslut om bistånd i form av korttidsvistelse och avlösning | SoL 4 kap. 1 § | Enhetschef äldreomsorg | | |
4.4 | Beslut om bistånd i form av trygghetslarm | SoL 4 kap. 1 § | Enhetschef äldreomsorg | | |
4.5 | Beslut om bistånd i form av dagverksamhet | SoL 4 kap. 1 § | Enhetschef äldreomsorg | | |
4.6 | Beslut om bistånd i form av ledsagning och matdistribution | SoL 4 kap. 1 § | Enhetschef äldreomsorg | | |
4.7 | Beslut om avgift för hemtjänst och särskilt boende | SoL 8 kap. 2 § | Enhetschef äldreomsorg | | |
4.8 | Beslut om nedsättning eller befrielse från avgift | SoL 8 kap. 8 § | Verksamhetschef | | |
4.9 | Beslut om förbehållsbelopp och jämkning | SoL 8 kap. 7 § | Enhetschef äldreomsorg | | |
4.10 | Beslut om parboende i särskilt boende | SoL 4 kap. 1 c § | Verksamhetschef | | |
4.11 | Beslut om avslag på ansökan om bistånd inom äldreomsorgen | SoL 4 kap. 1 § | Enhetschef äldreomsorg | | |
4.12 | Anmälan till överförmyndare om behov av god man | SoF 5 kap. 3 § | Enhetschef äldreomsorg | | | ej anmälan
4.13 | Beslut om bostadsanpassningsbidrag | BAB 6 § | Verksamhetschef | | 100000 |
4.14 | Beslut om flyttning mellan särskilda boenden | SoL 4 kap. 1 § | Enhetschef äldreomsorg | | |
# Individ- och familjeomsorg
5.1 | Beslut om ekonomiskt bistånd, försörjningsstöd enligt riksnorm | SoL 4 kap. 1 § | Enhetschef IFO | | |
5.2 | Beslut om ekonomiskt bistånd utöver riksnormen | SoL 4 kap. 1 § | Enhetschef IFO | | 30000 |
5.3 | Beslut om avslag på ansökan om ekonomiskt bistånd | SoL 4 kap. 1 § | Enhetschef IFO | | |
5.4 | Beslut om återkrav av felaktigt utbetalt ekonomiskt bistånd | SoL 9 kap. 1 § | Verksamhetschef | | |
5.5 | Beslut om att inleda utredning om barn | SoL 11 kap. 1 § | Enhetschef IFO | | | ej anmälan
5.6 | Beslut om att inte inleda utredning eller att lägga ned utredning | SoL 11 kap. 1 § | Enhetschef IFO | | |
5.7 | Beslut om bistånd i form av kontaktperson eller kontaktfamilj | SoL 4 kap. 1 § | Enhetschef IFO | | |
5.8 | Beslut om placering av barn i familjehem | SoL 4 kap. 1 § | Verksamhetschef | | |
5.9 | Beslut om placering av barn på hem för vård eller boende (HVB) | SoL 4 kap. 1 § | Verksamhetschef | | |
5.10 | Beslut om omedelbart omhändertagande av barn | LVU 6 § | Ordförande | Vice ordförande | |
5.11 | Ansökan till förvaltningsrätten om vård enligt LVU | LVU 4 § | Socialchef | | |
5.12 | Beslut om umgängesbegränsning för vårdnadshavare | LVU 14 § | Verksamhetschef | | |
5.13 | Beslut om missbruksvård i öppenvård för vuxna | SoL 4 kap. 1 § | Enhetschef IFO | | |
5.14 | Beslut om placering av vuxen missbrukare på behandlingshem | SoL 4 kap. 1 § | Verksamhetschef | | |
5.15 | Anmälan till polis om misstänkt brott mot barn | OSL 10 kap. 21 § | Enhetschef IFO | | |
5.16 | Godkännande av faderskap och föräldraskapsbekräftelse | FB 1 kap. 4 § | Enhetschef IFO | | |
5.17 | Godkännande av avtal om vårdnad, boende och umgänge | FB 6 kap. 6 § | Enhetschef IFO | | |
5.18 | Yttrande till tingsrätt i vårdnadsmål | FB 6 kap. 19 § | Enhetschef IFO | | |
5.19 | Beslut om skyddat boende för våldsutsatta | SoL 4 kap. 1 § | Verksamhetschef | | |
5.20 | Beslut om bistånd i form av boendestöd | SoL 4 kap. 1 § | Enhetschef IFO | | |
5.21 | Yttrande till åklagare om unga lagöverträdare | LUL 11 § | Enhetschef IFO | | |
5.22 | Beslut om ansökan om vård enligt LVM | LVM 11 § | Socialchef | | |
# Funktionsstöd (LSS)
6.1 | Beslut om bostad med särskild service för vuxna, gruppbostad | LSS 9 § 9 | Verksamhetschef | | |
6.2 | Beslut om daglig verksamhet | LSS 9 § 10 | Enhetschef funktionsstöd | | |
6.3 | Beslut om personlig assistans | LSS 9 § 2 | Verksamhetschef | | |
6.4 | Beslut om ledsagarservice | LSS 9 § 3 | Enhetschef funktionsstöd | | |
6.5 | Beslut om korttidsvistelse utanför hemmet | LSS 9 § 6 | Enhetschef funktionsstöd | | |
6.6 | Beslut om avlösarservice i hemmet | LSS 9 § 5 | Enhetschef funktionsstöd | | |
6.7 | Beslut om korttidstillsyn för skolungdom | LSS 9 § 7 | Enhetschef funktionsstöd | | |
6.8 | Beslut om avgift för kost och logi i LSS-boende | LSS 19 § | Enhetschef funktionsstöd | | |
6.9 | Beslut om avslag på ansökan om insats enligt LSS | LSS 9 § | Verksamhetschef | | |
6.10 | Beslut om habiliteringsersättning | | Verksamhetschef | | |
# Hälso- och sjukvård
7.1 | Beslut om hjälpmedel och hjälpmedelsförskrivning | HSL | Enhetschef äldreomsorg | | |
7.2 | Anmälan enligt lex Maria till IVO | PSL 3 kap. 5 § | Socialchef | | |
7.3 | Beslut om delegering av hälso- och sjukvårdsuppgifter | HSL | Enhetschef äldreomsorg | | | ej anmälan
"""


@dataclass(frozen=True)
class DemoPoint:
    committee: str
    number: str
    group: str
    matter: str
    legal_ref: str
    delegate: str
    substitute: str
    amount_kr: int | None
    note: str
    report_required: bool
    limit_unit: str


COMMITTEES = {
    "BUN": ("Barn- och utbildningsnämnden", "BUF"),
    "SN": ("Socialnämnden", "SOC"),
}


#: ärendegrupper whose points apply only in a part of the förvaltning
GROUP_LIMITS: dict[str, str] = {
    "Förskola och pedagogisk omsorg": "BUF-FS",
    "Grundskola och grundsärskola": "BUF-GR",
    "Gymnasieskola och vuxenutbildning": "BUF-GY",
    "Äldreomsorg": "SOC-VO",
    "Individ- och familjeomsorg": "SOC-IFO",
    "Funktionsstöd (LSS)": "SOC-FS",
}


def parse_points(committee: str, text: str, limit_unit: str) -> list[DemoPoint]:
    points: list[DemoPoint] = []
    group = ""
    for line in text.strip().splitlines():
        if line.startswith("#"):
            group = line[1:].strip()
            continue
        fields = [f.strip() for f in line.split("|")]
        fields += [""] * (7 - len(fields))
        number, matter, legal_ref, delegate, substitute, amount, note = fields[:7]
        report = "ej anmälan" not in note
        note = "" if note == "ej anmälan" else note
        points.append(DemoPoint(committee, number, group, matter.strip(), legal_ref,
                                delegate, substitute, int(amount) if amount else None,
                                note, report, GROUP_LIMITS.get(group, limit_unit)))
    return points


def demo_points() -> list[DemoPoint]:
    return (parse_points("BUN", BUN_TEXT, COMMITTEES["BUN"][1])
            + parse_points("SN", SN_TEXT, COMMITTEES["SN"][1]))


#: delegation roles of the demo managers (by the unit they lead)
UNIT_ROLES: dict[str, str] = {
    "BUF": "Förvaltningschef", "BUF-FS": "Verksamhetschef", "BUF-GR": "Verksamhetschef",
    "BUF-GY": "Verksamhetschef", "SOC": "Socialchef", "SOC-VO": "Verksamhetschef",
    "SOC-IFO": "Verksamhetschef", "SOC-FS": "Verksamhetschef",
}
UNIT_PREFIX_ROLES: tuple[tuple[str, str], ...] = (
    ("BUF-", "Rektor"), ("SOC-VO-", "Enhetschef äldreomsorg"),
    ("SOC-IFO-", "Enhetschef IFO"), ("SOC-FS-", "Enhetschef funktionsstöd"),
)
#: Graph job titles → role, for managers without a role on their assignment
TITLE_ROLES: dict[str, str] = {
    "Förvaltningschef": "Förvaltningschef",
    "Socialchef": "Socialchef",
}


def role_for_unit(code: str) -> str | None:
    if code in UNIT_ROLES:
        return UNIT_ROLES[code]
    for prefix, role in UNIT_PREFIX_ROLES:
        if code.startswith(prefix):
            return role
    return None
