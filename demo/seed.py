"""Seed the demo organisation "Sjöviks kommun" into an empty database.

The content is fictional but realistic: a kommun with five förvaltningar, avdelningar
and enheter over four levels, one manager per unit (some people lead more than one unit,
one unit has a ställföreträdare around ``now``), goals in all four perspectives that
cascade kommunmål → nämndmål → verksamhetsmål, fourteen followed-up months of submitted
reports, a partly reported open period and a handful of decisions (beslut).

The Agents Playground's built-in users are mapped to people (same AAD object ids):

* Alex Wilber — förvaltningschef of Barn- och utbildningsförvaltningen (``BUF``),
* Megan Bowen — kommunchef, manager of the root unit (``SJV``),
* Adele Vance — förskolechef of Förskolan Solrosen (``BUF-FS-01``), a leaf unit.

Their units have no report in the open period, so anyone can try every role. The data
depend only on ``now`` and the calendar settings (a fixed random seed), and everything is
inserted in a few batches so seeding takes well under a second on SQLite.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from followup.calendar import (
    CalendarConfig,
    PeriodSchedule,
    add_working_days,
    is_followed_period,
    is_working_day,
    parse_period,
    period_for_month,
    previous_period,
    schedule_for,
)
from followup.org import Assignment, OrgTree, Unit, UnitKind
from followup.perspectives import PERSPECTIVE_ORDER, Perspective
from followup.sv_format import NBSP, format_number, format_percent, month_name
from storage.db import make_sync_engine
from storage.models import (
    Base,
    Decision,
    DecisionUpdate,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from storage.org_queries import compute_path

__all__ = [
    "ACTING_UNIT_CODE",
    "ADELE_AAD_ID",
    "ADELE_UNIT_CODE",
    "ALEX_AAD_ID",
    "ALEX_UNIT_CODE",
    "DEMO_AAD_IDS",
    "HISTORY_PERIODS",
    "MEGAN_AAD_ID",
    "MEGAN_UNIT_CODE",
    "MUNICIPALITY_CODE",
    "MUNICIPALITY_NAME",
    "SeedSummary",
    "clear_database",
    "current_period_for",
    "has_organisation",
    "seed_demo",
    "seed_if_empty",
]

# --------------------------------------------------------------------------- public facts

MUNICIPALITY_CODE = "SJV"
MUNICIPALITY_NAME = "Sjöviks kommun"

ALEX_AAD_ID = "00000000-0000-0000-0000-0000000000020"
MEGAN_AAD_ID = "00000000-0000-0000-0000-0000000000021"
ADELE_AAD_ID = "00000000-0000-0000-0000-0000000000022"
DEMO_AAD_IDS: tuple[str, ...] = (ALEX_AAD_ID, MEGAN_AAD_ID, ADELE_AAD_ID)

ALEX_UNIT_CODE = "BUF"
MEGAN_UNIT_CODE = MUNICIPALITY_CODE
ADELE_UNIT_CODE = "BUF-FS-01"
# Förskolan Sjöstjärnan: its förskolechef is on leave; a ställföreträdare runs it.
ACTING_UNIT_CODE = "BUF-FS-03"

# Closed, followed-up periods with reports before the open one.
HISTORY_PERIODS = 14

_RANDOM_SEED = 20261104
_ACTING_DAYS_BEFORE = 14
_ACTING_DAYS_AFTER = 45
_REOPEN_DAYS = 45
_MAX_PERIOD_STEPS = 48

_P = Perspective

# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class _PersonSpec:
    key: str
    name: str
    title: str
    aad_object_id: str | None = None
    email: str | None = None
    is_admin: bool = False


_PEOPLE: tuple[_PersonSpec, ...] = (
    _PersonSpec("megan", "Megan Bowen", "Kommunchef", MEGAN_AAD_ID, "meganb@example.com"),
    _PersonSpec(
        "alex",
        "Alex Wilber",
        "Förvaltningschef, barn- och utbildningsförvaltningen",
        ALEX_AAD_ID,
        "alexw@example.com",
    ),
    _PersonSpec(
        "adele", "Adele Vance", "Förskolechef, Förskolan Solrosen", ADELE_AAD_ID,
        "adelev@example.com",
    ),
    _PersonSpec(
        "admin", "Sofia Wallin", "Målbotsadministratör, kommunledningsförvaltningen",
        is_admin=True,
    ),
    _PersonSpec("henrik", "Henrik Lundgren", "Förvaltningschef, kommunledningsförvaltningen"),
    _PersonSpec("annika", "Annika Forsberg", "Ekonomichef"),
    _PersonSpec("mikael", "Mikael Sjöberg", "HR-chef"),
    _PersonSpec("petra", "Petra Holm", "Digitaliseringschef"),
    _PersonSpec("lena", "Lena Bergström", "Verksamhetschef förskola"),
    _PersonSpec("hanna", "Hanna Lindberg", "Förskolechef, Förskolan Ekorren"),
    _PersonSpec("fatima", "Fatima Hassan", "Förskolechef, Förskolan Sjöstjärnan"),
    _PersonSpec("jonas", "Jonas Ek", "Biträdande förskolechef, tf. förskolechef Sjöstjärnan"),
    _PersonSpec("per", "Per Andersson", "Verksamhetschef grundskola"),
    _PersonSpec("karin", "Karin Nyström", "Rektor, Sjöviksskolan"),
    _PersonSpec("olof", "Olof Strand", "Tidigare rektor, Ängsskolan"),
    _PersonSpec("maja", "Maja Lind", "Rektor, Ängsskolan"),
    _PersonSpec("ahmed", "Ahmed Karimi", "Rektor, Norrbackaskolan"),
    _PersonSpec("birgitta", "Birgitta Söderström", "Verksamhetschef gymnasie- och vuxenutbildning"),
    _PersonSpec("tomas", "Tomas Wikström", "Rektor, Sjöviksgymnasiet"),
    _PersonSpec("ingrid", "Ingrid Axelsson", "Socialchef"),
    _PersonSpec("goran", "Göran Hedlund", "Verksamhetschef vård och omsorg"),
    _PersonSpec("elin", "Elin Persson", "Enhetschef hemtjänst"),
    _PersonSpec("marie", "Marie Gustafsson", "Enhetschef, Lindgårdens särskilda boende"),
    _PersonSpec("nils", "Nils Åberg", "Enhetschef, Sjöglimtens vård- och omsorgsboende"),
    _PersonSpec("camilla", "Camilla Ström", "Verksamhetschef individ- och familjeomsorg"),
    _PersonSpec("sara", "Sara Mattsson", "Enhetschef barn och unga"),
    _PersonSpec("daniel", "Daniel Öberg", "Enhetschef vuxenenheten"),
    _PersonSpec("linnea", "Linnea Falk", "Enhetschef ekonomiskt bistånd"),
    _PersonSpec("robert", "Robert Håkansson", "Verksamhetschef funktionsstöd"),
    _PersonSpec("emma", "Emma Sundqvist", "Enhetschef gruppbostäder LSS"),
    _PersonSpec("johanna", "Johanna Blom", "Enhetschef daglig verksamhet"),
    _PersonSpec("magnus", "Magnus Engström", "Samhällsbyggnadschef"),
    _PersonSpec("fredrik", "Fredrik Dahl", "Avdelningschef gata och park"),
    _PersonSpec("oskar", "Oskar Nordin", "Enhetschef gatuenheten"),
    _PersonSpec("ulrika", "Ulrika Ekström", "Enhetschef parkenheten"),
    _PersonSpec("helena", "Helena Viklund", "Avdelningschef plan och bygg"),
    _PersonSpec("viktor", "Viktor Sandin", "Bygglovschef"),
    _PersonSpec("amanda", "Amanda Hellström", "Planchef"),
    _PersonSpec("stefan", "Stefan Lund", "VA-chef"),
    _PersonSpec("anna", "Anna Sjögren", "Kultur- och fritidschef"),
    _PersonSpec("kristina", "Kristina Berglund", "Bibliotekschef"),
    _PersonSpec("elsa", "Elsa Holmberg", "Enhetschef, Biblioteket Norrby"),
    _PersonSpec("martin", "Martin Eklund", "Fritidschef"),
    _PersonSpec("erik", "Erik Wallgren", "Anläggningschef, Sjövikshallen"),
    _PersonSpec("yasmin", "Yasmin Ali", "Enhetschef, Fritidsgården Ungdomens hus"),
    _PersonSpec("josefin", "Josefin Lindh", "Kulturskolechef"),
)

# --------------------------------------------------------------------------- units

_K = UnitKind


@dataclass(frozen=True)
class _UnitSpec:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    profile: str  # goal catalogue key(s), "+"-separated
    manager: str  # person key


# Parents come before their children.
_UNITS: tuple[_UnitSpec, ...] = (
    _UnitSpec(MUNICIPALITY_CODE, MUNICIPALITY_NAME, _K.MUNICIPALITY, None, "kommun", "megan"),
    # Kommunledningsförvaltningen
    _UnitSpec("KLF", "Kommunledningsförvaltningen", _K.ADMINISTRATION, "SJV", "klf", "henrik"),
    _UnitSpec("KLF-EKO", "Ekonomiavdelningen", _K.DIVISION, "KLF", "eko", "annika"),
    _UnitSpec("KLF-HR", "HR-avdelningen", _K.DIVISION, "KLF", "hr", "mikael"),
    _UnitSpec("KLF-DIG", "Digitaliseringsavdelningen", _K.DIVISION, "KLF", "dig", "petra"),
    # Barn- och utbildningsförvaltningen
    _UnitSpec("BUF", "Barn- och utbildningsförvaltningen", _K.ADMINISTRATION, "SJV", "buf",
              "alex"),
    _UnitSpec("BUF-FS", "Förskoleverksamheten", _K.DIVISION, "BUF", "forskola", "lena"),
    _UnitSpec("BUF-FS-01", "Förskolan Solrosen", _K.UNIT, "BUF-FS", "forskola", "adele"),
    _UnitSpec("BUF-FS-02", "Förskolan Ekorren", _K.UNIT, "BUF-FS", "forskola", "hanna"),
    _UnitSpec("BUF-FS-03", "Förskolan Sjöstjärnan", _K.UNIT, "BUF-FS", "forskola", "fatima"),
    _UnitSpec("BUF-GR", "Grundskoleavdelningen", _K.DIVISION, "BUF", "grundskola", "per"),
    _UnitSpec("BUF-GR-01", "Sjöviksskolan F–6", _K.UNIT, "BUF-GR", "grundskola", "karin"),
    _UnitSpec("BUF-GR-02", "Ängsskolan F–9", _K.UNIT, "BUF-GR", "grundskola", "maja"),
    _UnitSpec("BUF-GR-03", "Norrbackaskolan 7–9", _K.UNIT, "BUF-GR", "grundskola", "ahmed"),
    _UnitSpec("BUF-GY", "Gymnasie- och vuxenutbildningen", _K.DIVISION, "BUF", "gymnasium",
              "birgitta"),
    _UnitSpec("BUF-GY-01", "Sjöviksgymnasiet", _K.UNIT, "BUF-GY", "gymnasium", "tomas"),
    _UnitSpec("BUF-GY-02", "Vuxenutbildningen", _K.UNIT, "BUF-GY", "vuxenutb", "birgitta"),
    # Socialförvaltningen
    _UnitSpec("SOC", "Socialförvaltningen", _K.ADMINISTRATION, "SJV", "soc", "ingrid"),
    _UnitSpec("SOC-VO", "Vård och omsorg", _K.DIVISION, "SOC", "hemtjanst+boende", "goran"),
    _UnitSpec("SOC-VO-HT1", "Hemtjänst Norr", _K.UNIT, "SOC-VO", "hemtjanst", "elin"),
    _UnitSpec("SOC-VO-HT2", "Hemtjänst Söder", _K.UNIT, "SOC-VO", "hemtjanst", "elin"),
    _UnitSpec("SOC-VO-SB1", "Lindgårdens särskilda boende", _K.UNIT, "SOC-VO", "boende",
              "marie"),
    _UnitSpec("SOC-VO-SB2", "Sjöglimtens vård- och omsorgsboende", _K.UNIT, "SOC-VO", "boende",
              "nils"),
    _UnitSpec("SOC-IFO", "Individ- och familjeomsorg", _K.DIVISION, "SOC", "ifo", "camilla"),
    _UnitSpec("SOC-IFO-BU", "Barn och unga", _K.UNIT, "SOC-IFO", "ifo", "sara"),
    _UnitSpec("SOC-IFO-VUX", "Vuxenenheten", _K.UNIT, "SOC-IFO", "ifo", "daniel"),
    _UnitSpec("SOC-IFO-EB", "Ekonomiskt bistånd", _K.UNIT, "SOC-IFO", "ifo", "linnea"),
    _UnitSpec("SOC-FS", "Funktionsstöd", _K.DIVISION, "SOC", "lss", "robert"),
    _UnitSpec("SOC-FS-LSS", "Gruppbostäder LSS", _K.UNIT, "SOC-FS", "lss", "emma"),
    _UnitSpec("SOC-FS-DV", "Daglig verksamhet", _K.UNIT, "SOC-FS", "lss", "johanna"),
    # Samhällsbyggnadsförvaltningen
    _UnitSpec("SBF", "Samhällsbyggnadsförvaltningen", _K.ADMINISTRATION, "SJV", "sbf", "magnus"),
    _UnitSpec("SBF-GP", "Gata och park", _K.DIVISION, "SBF", "gata+park", "fredrik"),
    _UnitSpec("SBF-GP-01", "Gatuenheten", _K.UNIT, "SBF-GP", "gata", "oskar"),
    _UnitSpec("SBF-GP-02", "Parkenheten", _K.UNIT, "SBF-GP", "park", "ulrika"),
    _UnitSpec("SBF-PB", "Plan och bygg", _K.DIVISION, "SBF", "bygglov+plan", "helena"),
    _UnitSpec("SBF-PB-01", "Bygglovsenheten", _K.UNIT, "SBF-PB", "bygglov", "viktor"),
    _UnitSpec("SBF-PB-02", "Planenheten", _K.UNIT, "SBF-PB", "plan", "amanda"),
    _UnitSpec("SBF-VA", "Vatten och avlopp", _K.DIVISION, "SBF", "va", "stefan"),
    # Kultur- och fritidsförvaltningen
    _UnitSpec("KFF", "Kultur- och fritidsförvaltningen", _K.ADMINISTRATION, "SJV", "kff", "anna"),
    _UnitSpec("KFF-BIB", "Biblioteken", _K.DIVISION, "KFF", "bibliotek", "kristina"),
    _UnitSpec("KFF-BIB-01", "Sjöviks stadsbibliotek", _K.UNIT, "KFF-BIB", "bibliotek",
              "kristina"),
    _UnitSpec("KFF-BIB-02", "Biblioteket Norrby", _K.UNIT, "KFF-BIB", "bibliotek", "elsa"),
    _UnitSpec("KFF-FRI", "Fritid och idrott", _K.DIVISION, "KFF", "idrott+fritidsgard", "martin"),
    _UnitSpec("KFF-FRI-01", "Sjövikshallen", _K.UNIT, "KFF-FRI", "idrott", "erik"),
    _UnitSpec("KFF-FRI-02", "Fritidsgården Ungdomens hus", _K.UNIT, "KFF-FRI", "fritidsgard",
              "yasmin"),
    _UnitSpec("KFF-KS", "Kulturskolan", _K.UNIT, "KFF", "kulturskola", "josefin"),
)

# Ängsskolan changed rektor during the history: Olof Strand until then, Maja Lind after.
_MANAGER_CHANGE_UNIT = "BUF-GR-02"
_PREVIOUS_MANAGER = "olof"
_ACTING_PERSON = "jonas"

# --------------------------------------------------------------------------- goal catalogue


class _G(NamedTuple):
    """A goal template: ``baseline``/``target`` decide the direction."""

    theme: str
    title: str
    description: str
    indicator: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None


# Kommunfullmäktiges mål (kommunmål), two per perspective.
_MUNICIPAL_GOALS: dict[Perspective, tuple[_G, ...]] = {
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

_BUDGET = _G("budget", "Ekonomi i balans",
             "Verksamheten ska bedrivas inom tilldelad budgetram.",
             "Budgetavvikelse (prognos helår)", "tkr", -300, 0)
_SICK_LEAVE = _G("health", "Minskad sjukfrånvaro",
                 "Sjukfrånvaron ska minska genom hälsofrämjande arbete och tidig rehabilitering.",
                 "Sjukfrånvaro", "%", None, None)
_ENGAGEMENT = _G("engagement", "Hållbart medarbetarengagemang (HME)",
                 "Medarbetarna ska känna motivation och uppleva ett gott ledarskap.",
                 "HME-index (medarbetarenkäten)", "index", 76, 80)
_DIALOGUE = _G("dialogue", "Medarbetarsamtal med alla",
               "Alla medarbetare ska ha haft medarbetarsamtal och lönesamtal under året.",
               "Andel genomförda medarbetarsamtal", "%", 82, 100)
_COMPETENCE = _G("competence", "Rätt kompetens i verksamheten",
                 "Varje medarbetare ska ha en individuell kompetensutvecklingsplan.",
                 "Andel medarbetare med kompetensutvecklingsplan", "%", 55, 90)
_TURNOVER = _G("turnover", "Minskad personalomsättning",
               "Fler medarbetare ska vilja stanna och utvecklas hos oss.",
               "Personalomsättning (rullande tolv månader)", "%", 13, 9)

_ECONOMY_EXTRAS: tuple[_G, ...] = (
    _G("budget", "Träffsäkra prognoser",
       "Månadsprognosen ska ge en rättvisande bild av helåret.",
       "Skillnad mot föregående månads prognos", "%", 3.0, 1.0),
    _G("cost", "Kostnadsmedvetna inköp", "Inköp görs hos de leverantörer kommunen har avtal med.",
       "Andel inköp från avtalade leverantörer (avtalstrohet)", "%", 84, 95),
    _G("cost", "Effektiv lokalanvändning",
       "Lokalerna används effektivt och ytor som inte behövs lämnas."),
)
_EMPLOYEE_EXTRAS: tuple[_G, ...] = (
    _ENGAGEMENT,
    _DIALOGUE,
    _COMPETENCE,
    _TURNOVER,
    _G("health", "Systematiskt arbetsmiljöarbete",
       "Skyddsronder och riskbedömningar genomförs enligt årshjulet för SAM."),
)


class _Pools(NamedTuple):
    citizens: tuple[_G, ...]
    operations: tuple[_G, ...]
    economy: tuple[_G, ...] = ()  # extras besides the budget goal


# Nämndmål of each förvaltning: citizens, operations, economy (besides budget), employees
# (besides sick leave).
_ADMINISTRATION_GOALS: dict[str, tuple[_Pools, _G]] = {
    "buf": (
        _Pools(
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
        _COMPETENCE,
    ),
    "soc": (
        _Pools(
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
        _TURNOVER,
    ),
    "sbf": (
        _Pools(
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
        _COMPETENCE,
    ),
    "kff": (
        _Pools(
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
        _DIALOGUE,
    ),
    "klf": (
        _Pools(
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
        _COMPETENCE,
    ),
}

# Verksamhetsmål and enhetsmål by kind of unit.
_UNIT_GOALS: dict[str, _Pools] = {
    "forskola": _Pools(
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
    "grundskola": _Pools(
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
    "gymnasium": _Pools(
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
    "vuxenutb": _Pools(
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
    "hemtjanst": _Pools(
        (
            _G("care", "Nöjd-Kund-Index hemtjänst",
               "Brukarna ska vara nöjda med hemtjänstens stöd och bemötande.",
               "Nöjd-Kund-Index (NKI) hemtjänst", "index", 82, 86),
            _G("care", "Kontinuitet i hemtjänsten",
               "Brukarna ska möta så få olika medarbetare som möjligt.",
               "Antal olika personal hos en brukare under 14 dagar", "antal", 15, 11),
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
    "boende": _Pools(
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
    "ifo": _Pools(
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
    "lss": _Pools(
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
    "gata": _Pools(
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
    "park": _Pools(
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
    "bygglov": _Pools(
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
    "plan": _Pools(
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
    "va": _Pools(
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
    "bibliotek": _Pools(
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
    "idrott": _Pools(
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
    "fritidsgard": _Pools(
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
    "kulturskola": _Pools(
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
    "eko": _Pools(
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
    "hr": _Pools(
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
    "dig": _Pools(
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
_SICK_LEAVE_BASELINE: dict[str, float] = {
    "kommun": 7.3, "klf": 4.0, "buf": 7.4, "soc": 8.9, "sbf": 5.0, "kff": 5.6,
    "forskola": 9.2, "grundskola": 7.1, "gymnasium": 5.4, "vuxenutb": 5.0,
    "hemtjanst": 10.8, "boende": 10.2, "ifo": 7.9, "lss": 9.5, "gata": 6.2, "park": 6.5,
    "bygglov": 4.1, "plan": 3.8, "va": 5.2, "bibliotek": 5.5, "idrott": 6.0,
    "fritidsgard": 5.8, "kulturskola": 4.9, "eko": 3.9, "hr": 4.2, "dig": 3.5,
}

# Money goals in tkr are sized to the unit.
_MONEY_SCALE: dict[str, float] = {
    _K.ADMINISTRATION: 12.0, _K.DIVISION: 4.0, _K.UNIT: 1.0, _K.MUNICIPALITY: 1.0,
}

_REF_LETTER: dict[Perspective, str] = {
    _P.CITIZENS: "M",  # Medborgare
    _P.OPERATIONS: "V",  # Verksamhet
    _P.ECONOMY: "E",  # Ekonomi
    _P.EMPLOYEES: "P",  # Personal / medarbetare
}

# --------------------------------------------------------------------------- texts

_ANALYSIS: dict[Perspective, dict[str, tuple[str, ...]]] = {
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
            "Delvis uppfyllt. Resultatet är ojämnt över månaden.",
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
_ECONOMY_OTHER_ANALYSIS: dict[str, tuple[str, ...]] = {
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

_ACTIONS: dict[Perspective, tuple[str, ...]] = {
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
_GREEN_ACTIONS = (
    "Fortsätt enligt plan.",
    "Sprid arbetssättet till fler arbetslag.",
    "Vi behåller nuvarande arbetssätt och följer upp nästa månad.",
)
_RED_FOLLOW_UP = "Åtgärderna följs upp varje vecka tills målet uppfylls."

# Status persistence: a goal's status tends to continue (≈ 60/28/12 % overall).
_TRANSITIONS: dict[str, tuple[float, float, float]] = {
    "green": (0.87, 0.115, 0.015),
    "yellow": (0.28, 0.61, 0.11),
    "red": (0.08, 0.27, 0.65),
}
_STATUSES = ("green", "yellow", "red")
_STATUS_FRACTION: dict[str, tuple[float, float]] = {
    "green": (0.88, 1.15),
    "yellow": (0.45, 0.85),
    "red": (-0.25, 0.42),
}

# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class SeedSummary:
    """What :func:`seed_demo` inserted."""

    units: int
    people: int
    manager_assignments: int
    goals: int
    periods: int
    reports: int
    goal_results: int
    decisions: int
    decision_updates: int
    current_period: str
    current_period_reopened: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """Swedish lines for the admin command's output."""
        reopened = " (återöppnad)" if self.current_period_reopened else ""
        return [
            f"Enheter: {self.units}",
            f"Personer: {self.people}",
            f"Chefsuppdrag: {self.manager_assignments}",
            f"Mål: {self.goals}",
            f"Perioder: {self.periods} (öppen period: {self.current_period}{reopened})",
            f"Månadsrapporter: {self.reports}",
            f"Målresultat: {self.goal_results}",
            f"Beslut: {self.decisions} med {self.decision_updates} kommentarer",
        ]


# --------------------------------------------------------------------------- helpers


@dataclass
class _GoalPlan:
    row: Goal
    unit_code: str
    perspective: Perspective
    theme: str
    decimals: int
    statuses: list[str]
    fractions: list[float]


def _email(name: str) -> str:
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    )
    return ".".join(ascii_name.split()) + "@example.com"


def _local(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")


def _previous_followed(period: str, cfg: CalendarConfig) -> str:
    current = previous_period(period)
    while not is_followed_period(current, cfg):
        current = previous_period(current)
    return current


def current_period_for(now: datetime, cfg: CalendarConfig) -> str:
    """The latest followed-up period that has opened at ``now`` (open or not)."""
    _require_aware(now)
    local = now.astimezone(cfg.zone)
    period = period_for_month(local.year, local.month)
    for _ in range(_MAX_PERIOD_STEPS):
        if is_followed_period(period, cfg) and schedule_for(period, cfg).opens_at <= now:
            return period
        period = previous_period(period)
    raise RuntimeError(f"no followed-up period opened within {_MAX_PERIOD_STEPS} months")


def _decimals(unit: str | None, baseline: float, target: float) -> int:
    if unit in ("index", "antal", "tkr", "mil", "timmar", "gram"):
        return 0
    if unit == "%" or max(abs(baseline), abs(target)) < 20:
        return 1
    return 0


def _clamp(value: float, unit: str | None) -> float:
    if unit == "%":
        return min(100.0, value) if value >= 0 else value
    if unit in ("antal", "timmar", "dagar", "gram", "MWh", "mil", "index", "barn/årsarbetare"):
        return max(0.0, value)
    return value


def _format_value(value: float, unit: str | None, decimals: int) -> str:
    if unit == "%":
        return format_percent(value, decimals=decimals)
    number = format_number(value, decimals)
    if unit in (None, "index"):
        return number
    return f"{number}{NBSP}{unit}"


def _pick(rng: random.Random, pool: Sequence[_G], count: int) -> list[_G]:
    count = max(0, min(count, len(pool)))
    return rng.sample(list(pool), count)


def _goal_count(rng: random.Random) -> int:
    return rng.choices((1, 2, 3), weights=(30, 45, 25))[0]


def _combined_pools(profile: str) -> _Pools:
    parts = [_UNIT_GOALS[p] for p in profile.split("+")]
    return _Pools(
        tuple(g for p in parts for g in p.citizens),
        tuple(g for p in parts for g in p.operations),
        tuple(g for p in parts for g in p.economy),
    )


def _templates_for(
    rng: random.Random, spec: _UnitSpec
) -> dict[Perspective, list[_G]]:
    """Which goals a unit has, per perspective (1–3 each)."""
    if spec.kind is _K.MUNICIPALITY:
        return {p: list(_MUNICIPAL_GOALS[p]) for p in PERSPECTIVE_ORDER}
    if spec.kind is _K.ADMINISTRATION:
        pools, third_employee_goal = _ADMINISTRATION_GOALS[spec.profile]
        return {
            _P.CITIZENS: list(pools.citizens[:3]),
            _P.OPERATIONS: list(pools.operations[:3]),
            _P.ECONOMY: [_BUDGET, *pools.economy[:2]],
            _P.EMPLOYEES: [_SICK_LEAVE, _ENGAGEMENT, third_employee_goal],
        }
    pools = _combined_pools(spec.profile)
    economy_pool = [*pools.economy, *_ECONOMY_EXTRAS]
    return {
        _P.CITIZENS: _pick(rng, pools.citizens, _goal_count(rng)),
        _P.OPERATIONS: _pick(rng, pools.operations, _goal_count(rng)),
        _P.ECONOMY: [_BUDGET, *_pick(rng, economy_pool, _goal_count(rng) - 1)],
        _P.EMPLOYEES: [_SICK_LEAVE, *_pick(rng, _EMPLOYEE_EXTRAS, _goal_count(rng) - 1)],
    }


def _status_chain(rng: random.Random, length: int) -> list[str]:
    first = rng.choices(_STATUSES, weights=(60, 28, 12))[0]
    chain = [first]
    while len(chain) < length:
        chain.append(rng.choices(_STATUSES, weights=_TRANSITIONS[chain[-1]])[0])
    return chain


def _fractions(rng: random.Random, statuses: Sequence[str]) -> list[float]:
    """How far from baseline (0) to target (1) each period's value is."""
    out: list[float] = []
    previous = rng.uniform(0.2, 0.6)
    for status in statuses:
        low, high = _STATUS_FRACTION[status]
        current = 0.7 * rng.uniform(low, high) + 0.3 * previous
        current = min(max(current, low - 0.05), high + 0.05)
        out.append(current)
        previous = current
    return out


def _working_days(first: date, last: date) -> list[date]:
    days: list[date] = []
    current = first
    while current <= last:
        if is_working_day(current):
            days.append(current)
        current += timedelta(days=1)
    return days


def _submission_time(
    rng: random.Random, schedule: PeriodSchedule, zone: ZoneInfo, *, late: bool
) -> datetime:
    deadline_day = schedule.deadline_at.astimezone(zone).date()
    if late:
        day = add_working_days(deadline_day, rng.randint(1, 4))
        at = _local(day, rng.randint(8, 16), rng.randrange(0, 60, 5), zone)
        return min(at, schedule.closes_at - timedelta(hours=1))
    open_day = schedule.opens_at.astimezone(zone).date()
    days = _working_days(open_day, deadline_day) or [open_day]
    day = rng.choices(days, weights=range(1, len(days) + 1))[0]
    at = _local(day, rng.randint(8, 17), rng.randrange(0, 60, 5), zone)
    earliest = schedule.opens_at + timedelta(minutes=rng.randint(10, 90))
    latest = schedule.deadline_at - timedelta(minutes=rng.randint(1, 45))
    return max(min(at, latest), min(earliest, latest))


def _office_time_between(
    rng: random.Random, start: datetime, end: datetime, zone: ZoneInfo
) -> datetime:
    """A moment in office hours on a working day between ``start`` and ``end`` (clamped)."""
    if end <= start:
        return start
    days = _working_days(start.astimezone(zone).date(), end.astimezone(zone).date())
    if not days:
        return start + (end - start) / 2
    day = rng.choice(days)
    at = _local(day, rng.randint(8, 16), rng.randrange(0, 60), zone)
    if at > end:
        at = end - timedelta(minutes=rng.randint(1, 180))
    return max(at, start)


# --------------------------------------------------------------------------- seeding


class _Seeder:
    """One seeding run: holds the rows created so far and the random generator."""

    def __init__(self, session: Session, now: datetime, cfg: CalendarConfig) -> None:
        self.session = session
        self.now = now
        self.cfg = cfg
        self.zone = cfg.zone
        self.today = now.astimezone(self.zone).date()
        self.rng = random.Random(_RANDOM_SEED)
        self.people: dict[str, Person] = {}
        self.units: dict[str, OrgUnit] = {}
        self.specs: dict[str, _UnitSpec] = {spec.code: spec for spec in _UNITS}
        self.assignment_rows: list[ManagerAssignment] = []
        self.tree: OrgTree | None = None
        self.goals: list[_GoalPlan] = []
        self.goals_by_unit: dict[str, list[_GoalPlan]] = {}
        self.schedules: list[PeriodSchedule] = []
        self.period_rows: dict[str, ReportingPeriod] = {}
        self.report_count = 0
        self.result_count = 0
        self.decision_count = 0
        self.update_count = 0
        self.reopened = False

    # --- organisation ----------------------------------------------------------------
    def add_people(self) -> None:
        rows = []
        for spec in _PEOPLE:
            row = Person(
                aad_object_id=spec.aad_object_id,
                name=spec.name,
                email=spec.email or _email(spec.name),
                title=spec.title,
                locale="sv-SE",
                is_admin=spec.is_admin,
                directory_missing=False,
            )
            self.people[spec.key] = row
            rows.append(row)
        self.session.add_all(rows)

    def add_units(self) -> None:
        depth_of: dict[str, int] = {}
        sibling_index: dict[str | None, int] = {}
        order: dict[str, int] = {}
        for spec in _UNITS:
            depth_of[spec.code] = 0 if spec.parent is None else depth_of[spec.parent] + 1
            order[spec.code] = sibling_index.get(spec.parent, 0)
            sibling_index[spec.parent] = order[spec.code] + 1
        for depth in range(max(depth_of.values()) + 1):
            level = [spec for spec in _UNITS if depth_of[spec.code] == depth]
            rows: list[tuple[_UnitSpec, OrgUnit]] = []
            for spec in level:
                parent = self.units[spec.parent] if spec.parent else None
                row = OrgUnit(
                    code=spec.code,
                    name=spec.name,
                    kind=spec.kind.value,
                    parent_id=parent.id if parent else None,
                    path="",
                    depth=depth,
                    active=True,
                    sort_order=order[spec.code],
                )
                rows.append((spec, row))
            self.session.add_all([row for _, row in rows])
            self.session.flush()
            for spec, row in rows:
                parent = self.units[spec.parent] if spec.parent else None
                row.path, row.depth = compute_path(parent, row.id)
                self.units[spec.code] = row

    def add_assignments(self, history_start: date) -> None:
        rng = self.rng
        change_day = (self.today - timedelta(days=200)).replace(day=1)
        for spec in _UNITS:
            unit = self.units[spec.code]
            since = date(history_start.year - rng.randint(1, 8), rng.choice((1, 3, 8)), 1)
            if spec.code == _MANAGER_CHANGE_UNIT:
                self.assignment_rows.append(ManagerAssignment(
                    unit_id=unit.id, person_id=self.people[_PREVIOUS_MANAGER].id,
                    role="manager", valid_from=since,
                    valid_to=change_day - timedelta(days=1),
                ))
                since = change_day
            self.assignment_rows.append(ManagerAssignment(
                unit_id=unit.id, person_id=self.people[spec.manager].id, role="manager",
                valid_from=since, valid_to=None,
            ))
        acting_unit = self.units[ACTING_UNIT_CODE]
        self.assignment_rows.append(ManagerAssignment(
            unit_id=acting_unit.id,
            person_id=self.people[_ACTING_PERSON].id,
            role="acting",
            valid_from=self.today - timedelta(days=_ACTING_DAYS_BEFORE),
            valid_to=self.today + timedelta(days=_ACTING_DAYS_AFTER),
        ))
        self.session.add_all(self.assignment_rows)
        self.tree = OrgTree.build(
            (Unit(id=u.id, code=u.code, name=u.name, kind=u.kind, parent_id=u.parent_id)
             for u in self.units.values()),
            (Assignment(unit_id=a.unit_id, person_id=a.person_id, role=a.role,
                        valid_from=a.valid_from, valid_to=a.valid_to)
             for a in self.assignment_rows),
        )

    def in_charge(self, unit_code: str, on: date) -> tuple[int | None, str]:
        """Person id and role ("manager"/"acting") running the unit on a day."""
        assert self.tree is not None
        unit_id = self.units[unit_code].id
        acting = self.tree.acting_manager(unit_id, on)
        if acting is not None:
            return acting, "acting"
        return self.tree.manager(unit_id, on), "manager"

    # --- goals -----------------------------------------------------------------------
    def add_goals(self, valid_from: date, history_length: int) -> None:
        rng = self.rng
        administration_of: dict[str, str] = {}
        for spec in _UNITS:
            if spec.kind is _K.ADMINISTRATION:
                administration_of[spec.code] = spec.code
            elif spec.parent is not None and spec.parent in administration_of:
                administration_of[spec.code] = administration_of[spec.parent]

        tiers = (
            [s for s in _UNITS if s.kind is _K.MUNICIPALITY],
            [s for s in _UNITS if s.kind is _K.ADMINISTRATION],
            [s for s in _UNITS if s.kind in (_K.DIVISION, _K.UNIT)],
        )
        for tier, specs in enumerate(tiers):
            tier_rows: list[Goal] = []
            for spec in specs:
                parent_code: str | None = None
                if tier == 1:
                    parent_code = MUNICIPALITY_CODE
                elif tier == 2:
                    parent_code = administration_of[spec.code]
                for perspective, templates in _templates_for(rng, spec).items():
                    for number, template in enumerate(templates, start=1):
                        plan = self._goal_plan(
                            spec, perspective, number, template, valid_from, history_length,
                            parent_code,
                        )
                        tier_rows.append(plan.row)
            self.session.add_all(tier_rows)
            self.session.flush()

    def _goal_plan(
        self,
        spec: _UnitSpec,
        perspective: Perspective,
        number: int,
        template: _G,
        valid_from: date,
        history_length: int,
        parent_code: str | None,
    ) -> _GoalPlan:
        rng = self.rng
        baseline, target = template.baseline, template.target
        if template.indicator == "Sjukfrånvaro" and baseline is None:
            base = _SICK_LEAVE_BASELINE[spec.profile.split("+")[0]]
            baseline = round(base + rng.uniform(-0.6, 0.6), 1)
            target = round(baseline - 1.5, 1)
        if template.unit == "tkr" and baseline is not None and target is not None:
            scale = _MONEY_SCALE[spec.kind]
            baseline = round(baseline * scale * rng.uniform(0.8, 1.2), -1)
            target = round(target * scale, -1)
        direction: str | None = None
        decimals = 0
        if baseline is not None and target is not None:
            direction = "higher" if target >= baseline else "lower"
            decimals = _decimals(template.unit, baseline, target)
        prefix = MUNICIPALITY_CODE if spec.code == MUNICIPALITY_CODE else (
            f"{MUNICIPALITY_CODE}-{spec.code}"
        )
        row = Goal(
            ref=f"{prefix}-{_REF_LETTER[perspective]}{number}",
            unit_id=self.units[spec.code].id,
            perspective=perspective.value,
            title=template.title,
            description=template.description,
            indicator_name=template.indicator,
            indicator_unit=template.unit,
            target=target,
            baseline=baseline,
            direction=direction,
            parent_goal_id=self._parent_goal(parent_code, perspective, template.theme),
            valid_from=valid_from,
            valid_to=None,
            sort_order=number,
        )
        statuses = _status_chain(rng, history_length + 1)
        plan = _GoalPlan(
            row=row, unit_code=spec.code, perspective=perspective, theme=template.theme,
            decimals=decimals, statuses=statuses, fractions=[],
        )
        self.goals.append(plan)
        self.goals_by_unit.setdefault(spec.code, []).append(plan)
        return plan

    def _parent_goal(self, parent_code: str | None, perspective: Perspective,
                     theme: str) -> int | None:
        if parent_code is None:
            return None
        candidates = [
            g for g in self.goals_by_unit.get(parent_code, []) if g.perspective is perspective
        ]
        if not candidates:
            return None
        same_theme = [g for g in candidates if g.theme == theme]
        if same_theme:
            return same_theme[0].row.id
        # A unit goal without a matching nämndmål still supports one half of the time;
        # nämndmål always support a kommunmål.
        if parent_code == MUNICIPALITY_CODE or self.rng.random() < 0.5:
            return candidates[0].row.id
        return None

    def add_red_streaks(self, history_length: int) -> None:
        """Some goals stay red for the last few months (a persistent problem)."""
        rng = self.rng
        forced = [
            next(g for g in self.goals_by_unit[ADELE_UNIT_CODE] if g.perspective is _P.ECONOMY),
            next(g for g in self.goals_by_unit[ALEX_UNIT_CODE] if g.perspective is _P.EMPLOYEES),
        ]
        others = [g for g in self.goals if g not in forced and g.row.target is not None]
        for plan in forced + rng.sample(others, max(3, len(self.goals) // 40)):
            streak = rng.randint(3, 5)
            for index in range(history_length - streak, history_length + 1):
                plan.statuses[index] = "red"
        for plan in self.goals:
            plan.fractions = _fractions(rng, plan.statuses)

    # --- periods and reports ---------------------------------------------------------
    def add_periods(self, current: str) -> None:
        periods = [current]
        while len(periods) <= HISTORY_PERIODS:
            periods.append(_previous_followed(periods[-1], self.cfg))
        periods.reverse()
        self.schedules = [schedule_for(p, self.cfg) for p in periods]
        rows = []
        for schedule in self.schedules:
            row = ReportingPeriod(
                period=schedule.period,
                opens_at=schedule.opens_at,
                deadline_at=schedule.deadline_at,
                closes_at=schedule.closes_at,
                reopened_until=None,
            )
            if schedule.period == current and schedule.closes_at <= self.now:
                row.reopened_until = self.now + timedelta(days=_REOPEN_DAYS)
                self.reopened = True
            self.period_rows[schedule.period] = row
            rows.append(row)
        self.session.add_all(rows)

    def add_reports(self) -> None:
        rng = self.rng
        history = self.schedules[:-1]
        current = self.schedules[-1]
        demo_units = self._demo_unit_codes()
        candidates = [s.code for s in _UNITS if s.code not in demo_units and s.parent]
        missing = {
            (code, rng.randrange(len(history)))
            for code in rng.sample(candidates, 3)
        }

        pending: list[tuple[UnitReport, str, int, bool]] = []  # report, unit, index, full
        for index, schedule in enumerate(history):
            for spec in _UNITS:
                if (spec.code, index) in missing:
                    continue
                late = rng.random() < 0.10
                submitted_at = _submission_time(rng, schedule, self.zone, late=late)
                person_id, role = self.in_charge(spec.code, submitted_at.date())
                report = UnitReport(
                    unit_id=self.units[spec.code].id,
                    period_id=self.period_rows[schedule.period].id,
                    status="submitted",
                    late=submitted_at > schedule.deadline_at,
                    version=rng.randint(1, 3),
                    submitted_at=submitted_at,
                    submitted_by_id=person_id,
                    submitted_by_role=role,
                    updated_at=submitted_at,
                    updated_by_id=person_id,
                )
                pending.append((report, spec.code, index, True))

        index = len(history)
        for spec in _UNITS:
            if spec.code in demo_units:
                continue
            state = rng.choices(("submitted", "draft", "none"), weights=(45, 25, 30))[0]
            if state == "none":
                continue
            if state == "submitted":
                at = _office_time_between(rng, current.opens_at + timedelta(minutes=5),
                                          self.now, self.zone)
                person_id, role = self.in_charge(spec.code, at.astimezone(self.zone).date())
                report = UnitReport(
                    unit_id=self.units[spec.code].id,
                    period_id=self.period_rows[current.period].id,
                    status="submitted",
                    late=at > current.deadline_at,
                    version=1,
                    submitted_at=at,
                    submitted_by_id=person_id,
                    submitted_by_role=role,
                    updated_at=at,
                    updated_by_id=person_id,
                )
                pending.append((report, spec.code, index, True))
            else:
                at = _office_time_between(rng, current.opens_at + timedelta(minutes=5),
                                          self.now, self.zone)
                person_id, _ = self.in_charge(spec.code, at.astimezone(self.zone).date())
                report = UnitReport(
                    unit_id=self.units[spec.code].id,
                    period_id=self.period_rows[current.period].id,
                    status="draft",
                    late=False,
                    version=1,
                    submitted_at=None,
                    updated_at=at,
                    updated_by_id=person_id,
                )
                pending.append((report, spec.code, index, False))

        self.session.add_all([report for report, _, _, _ in pending])
        self.session.flush()
        self.report_count = len(pending)

        results: list[dict[str, Any]] = []
        for report, code, index, full in pending:
            plans = self.goals_by_unit[code]
            if not full:
                plans = plans[: rng.randint(1, 3)]
            schedule = self.schedules[index]
            assert report.updated_at is not None
            for plan in plans:
                results.append(self._result(plan, report, index, schedule))
        if results:
            self.session.execute(insert(GoalResult), results)
        self.result_count = len(results)

    def _demo_unit_codes(self) -> set[str]:
        assert self.tree is not None
        demo_ids = {self.people[k].id for k in ("alex", "megan", "adele")}
        return {
            code for code, unit in self.units.items()
            if self.tree.manager_in_charge(unit.id, self.today) in demo_ids
            or self.tree.manager(unit.id, self.today) in demo_ids
        }

    def _result(
        self, plan: _GoalPlan, report: UnitReport, index: int, schedule: PeriodSchedule
    ) -> dict[str, Any]:
        rng = self.rng
        goal = plan.row
        status = plan.statuses[index]
        value: float | None = None
        value_text = ""
        if goal.baseline is not None and goal.target is not None:
            raw = goal.baseline + (goal.target - goal.baseline) * plan.fractions[index]
            value = round(_clamp(raw, goal.indicator_unit), plan.decimals)
            value_text = self._value_sentence(plan, index, value, schedule.period)
        if plan.perspective is _P.ECONOMY and plan.theme != "budget":
            analysis = rng.choice(_ECONOMY_OTHER_ANALYSIS[status])
        else:
            analysis = rng.choice(_ANALYSIS[plan.perspective][status])
        if value_text:
            analysis = f"{value_text} {analysis}"
        actions = ""
        if status == "green":
            if rng.random() < 0.2:
                actions = rng.choice(_GREEN_ACTIONS)
        else:
            chosen = rng.sample(_ACTIONS[plan.perspective], 2 if status == "red" else 1)
            if status == "red":
                chosen.append(_RED_FOLLOW_UP)
            actions = "\n".join(chosen)
        assert report.updated_at is not None
        updated_at = max(
            schedule.opens_at, report.updated_at - timedelta(minutes=rng.randint(1, 40))
        )
        return {
            "goal_id": goal.id,
            "period_id": report.period_id,
            "unit_id": goal.unit_id,
            "report_id": report.id,
            "perspective": goal.perspective,
            "status": status,
            "value": value,
            "analysis": analysis,
            "actions": actions,
            "updated_at": updated_at,
            "updated_by_id": report.updated_by_id,
        }

    def _value_sentence(self, plan: _GoalPlan, index: int, value: float, period: str) -> str:
        goal = plan.row
        assert goal.target is not None and goal.baseline is not None
        unit, decimals = goal.indicator_unit, plan.decimals
        month = month_name(parse_period(period)[1])
        text = (
            f"Utfall {month}: {_format_value(value, unit, decimals)} "
            f"(målvärde {_format_value(goal.target, unit, decimals)})"
        )
        if index == 0:
            return text + "."
        previous = goal.baseline + (goal.target - goal.baseline) * plan.fractions[index - 1]
        previous = round(_clamp(previous, unit), decimals)
        better = (value - previous) * (1 if goal.direction == "higher" else -1)
        if abs(value - previous) < 10 ** (-decimals) / 2:
            return text + ", oförändrat mot föregående period."
        word = "en förbättring" if better > 0 else "en försämring"
        return f"{text}, {word} från {_format_value(previous, unit, decimals)}."

    # --- decisions -------------------------------------------------------------------
    def add_decisions(self) -> None:
        today = self.today
        d = timedelta

        def day(offset: int) -> date:
            return today + d(days=offset)

        lokal_year = day(-130).year
        specs: list[tuple[str, int, str, str, str, str, int | None, str,
                          list[tuple[int, str, str]]]] = [
            (
                f"KS {day(-150).year}/123", -150, "KS",
                "Handlingsplan för minskad sjukfrånvaro",
                "Kommunstyrelsen uppdrar åt HR-avdelningen att tillsammans med förvaltningarna "
                "ta fram en kommungemensam handlingsplan för minskad sjukfrånvaro. Planen ska "
                "redovisas för kommunstyrelsen.",
                "KLF-HR", -20, "in_progress",
                [
                    (-120, "in_progress", "En arbetsgrupp med representanter från alla "
                     "förvaltningar är tillsatt."),
                    (-40, "in_progress", "Utkastet till handlingsplan är remitterat till "
                     "förvaltningarna. Redovisningen skjuts till nästa sammanträde."),
                ],
            ),
            (
                f"BUN {day(-95).year}/45", -95, "nämnd",
                "Åtgärdsplan för ökad måluppfyllelse i grundskolan",
                "Barn- och utbildningsnämnden uppdrar åt förvaltningschefen att ta fram en "
                "åtgärdsplan för att öka andelen elever med godkända betyg i alla ämnen. Planen "
                "ska innehålla mätbara delmål per skola.",
                ALEX_UNIT_CODE, -12, "in_progress",
                [(-60, "in_progress", "Resultaten per skola och ämne är kartlagda. "
                  "Rektorerna tar fram förslag på delmål.")],
            ),
            (
                f"BUN {day(-45).year}/112", -45, "nämnd",
                "Utredning om ny förskola i Norrby",
                "Barn- och utbildningsnämnden uppdrar åt förvaltningen att utreda behovet av "
                "en ny förskola i Norrby, inklusive lokalisering och kostnader.",
                ALEX_UNIT_CODE, 120, "not_started", [],
            ),
            (
                f"BUF {day(-70).year}/318", -70, "ledningsgrupp",
                "Bättre information till vårdnadshavare vid inskolning",
                "Förvaltningens ledningsgrupp ger Förskolan Solrosen i uppdrag att ta fram nytt "
                "informationsmaterial om inskolningen och pröva det under terminen.",
                ADELE_UNIT_CODE, -8, "in_progress",
                [(-30, "in_progress", "Ett första utkast är klart och har prövats med två "
                  "familjer.")],
            ),
            (
                f"BUF {day(-25).year}/341", -25, "ledningsgrupp",
                "Översyn av utemiljön på Förskolan Solrosen",
                "Ledningsgruppen ger förskolechefen i uppdrag att tillsammans med "
                "fastighetsavdelningen se över utemiljön och föreslå åtgärder.",
                ADELE_UNIT_CODE, 40, "not_started", [],
            ),
            (
                f"SN {day(-220).year}/31", -220, "nämnd",
                "Digital nattillsyn i hemtjänsten",
                "Socialnämnden uppdrar åt förvaltningen att införa digital nattillsyn som ett "
                "frivilligt alternativ för brukare som önskar det.",
                "SOC-VO", -30, "done",
                [
                    (-180, "in_progress", "Upphandlingen av kameralösningen är klar."),
                    (-45, "done", "Digital nattillsyn är införd i Hemtjänst Norr och Hemtjänst "
                     "Söder. 23 brukare har valt tjänsten."),
                ],
            ),
            (
                f"KS {lokal_year}/201", -130, "KS",
                "Samlad lokalförsörjningsplan",
                "Kommunstyrelsen uppdrar åt kommunledningsförvaltningen att ta fram en samlad "
                "lokalförsörjningsplan för alla förvaltningar.",
                "KLF", 90, "in_progress",
                [(-70, "in_progress", "Lokalbehoven är inventerade i alla förvaltningar.")],
            ),
            (
                f"KS {day(-160).year}/87", -160, "KS",
                "Översyn av lokalerna för administration",
                "Kommunstyrelsen uppdrar åt ekonomiavdelningen att se över hur "
                "administrationens lokaler används.",
                "KLF-EKO", -10, "cancelled",
                [
                    (-100, "in_progress", "Inventeringen av lokalerna har påbörjats."),
                    (-64, "cancelled", f"Avslutas utan genomförande: uppdraget ingår i KS "
                     f"{lokal_year}/201 om en samlad lokalförsörjningsplan."),
                ],
            ),
            (
                f"KS {day(-300).year}/412", -300, "KF",
                "Klimatplan 2030 – fossilfri fordonsflotta",
                "Kommunfullmäktige uppdrar åt samhällsbyggnadsnämnden att ta fram och "
                "genomföra en plan för att kommunens fordon ska vara fossilfria 2030.",
                "SBF", 400, "in_progress",
                [
                    (-250, "in_progress", "Fordonsinventering klar: 42 % av fordonen är "
                     "fossilfria."),
                    (-90, "in_progress", "Laddinfrastruktur vid tre arbetsplatser är beställd."),
                ],
            ),
            (
                f"KFN {day(-200).year}/19", -200, "nämnd",
                "Meröppet på Biblioteket Norrby",
                "Kultur- och fritidsnämnden uppdrar åt förvaltningen att införa meröppet på "
                "Biblioteket Norrby.",
                "KFF-BIB-02", -60, "done",
                [(-75, "done", "Meröppet infördes den första i månaden. Besökarna kan nu "
                  "använda biblioteket 07–22 alla dagar.")],
            ),
        ]
        decisions: list[tuple[Decision, str, list[tuple[int, str, str]]]] = []
        for (reference, decided, decided_by, title, assignment, unit_code, due, status,
             updates) in specs:
            created = _local(day(decided), 9, 0, self.zone)
            last = _local(day(updates[-1][0]), 13, 30, self.zone) if updates else None
            row = Decision(
                reference=reference,
                decided_on=day(decided),
                decided_by=decided_by,
                title=title,
                assignment=assignment,
                unit_id=self.units[unit_code].id,
                due_date=day(due) if due is not None else None,
                status=status,
                created_at=created,
                updated_at=last or created,
                completed_at=last if status in ("done", "cancelled") else None,
            )
            decisions.append((row, unit_code, updates))
        self.session.add_all([row for row, _, _ in decisions])
        self.session.flush()
        self.decision_count = len(decisions)

        update_rows = []
        for row, unit_code, updates in decisions:
            for offset, status, comment in updates:
                at = _local(day(offset), 13, 30, self.zone)
                person_id, _ = self.in_charge(unit_code, at.date())
                update_rows.append(DecisionUpdate(
                    decision_id=row.id,
                    period=self._period_at(at),
                    status=status,
                    comment=comment,
                    created_at=at,
                    person_id=person_id,
                ))
        self.session.add_all(update_rows)
        self.update_count = len(update_rows)

    def _period_at(self, at: datetime) -> str | None:
        """The latest seeded period that had opened at ``at``."""
        found: str | None = None
        for schedule in self.schedules:
            if schedule.opens_at <= at:
                found = schedule.period
        return found


def seed_demo(
    session: Session,
    *,
    now: datetime,
    tz_name: str = "Europe/Stockholm",
    calendar_cfg: CalendarConfig | None = None,
) -> SeedSummary:
    """Insert the demo kommun into ``session`` (flushed, not committed).

    ``now`` (timezone-aware) decides which period is open: the latest followed-up month
    that has opened. If it has already closed at ``now``, it is reopened for 45 days.
    ``tz_name`` builds the default calendar when ``calendar_cfg`` is not given. The
    database must not already hold the demo data (codes and references are unique).
    """
    _require_aware(now)
    cfg = calendar_cfg if calendar_cfg is not None else CalendarConfig(timezone=tz_name)
    seeder = _Seeder(session, now, cfg)
    current = current_period_for(now, cfg)

    seeder.add_periods(current)
    first_year, first_month = parse_period(seeder.schedules[0].period)
    history_start = date(first_year, first_month, 1)

    seeder.add_people()
    seeder.add_units()  # flushes the people too
    seeder.add_assignments(history_start)
    seeder.add_goals(history_start, HISTORY_PERIODS)
    seeder.add_red_streaks(HISTORY_PERIODS)
    seeder.add_reports()
    seeder.add_decisions()
    session.flush()

    return SeedSummary(
        units=len(seeder.units),
        people=len(seeder.people),
        manager_assignments=len(seeder.assignment_rows),
        goals=len(seeder.goals),
        periods=len(seeder.schedules),
        reports=seeder.report_count,
        goal_results=seeder.result_count,
        decisions=seeder.decision_count,
        decision_updates=seeder.update_count,
        current_period=current,
        current_period_reopened=seeder.reopened,
    )


def has_organisation(session: Session) -> bool:
    """Whether any organisation unit exists."""
    return session.execute(select(OrgUnit.id).limit(1)).first() is not None


def clear_database(session: Session) -> None:
    """Delete every row of every Målbot table (children first). Not committed."""
    session.execute(
        update(OrgUnit).values(parent_id=None).execution_options(synchronize_session=False)
    )
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())


def seed_if_empty(
    database_url: str,
    *,
    tz_name: str = "Europe/Stockholm",
    now: datetime | None = None,
    calendar_cfg: CalendarConfig | None = None,
) -> bool:
    """Seed the demo kommun when the (migrated) database has no organisation yet.

    Returns True when it seeded. Another process seeding at the same moment makes this
    one back off (unique codes), which also returns False.
    """
    moment = now if now is not None else datetime.now(UTC)
    engine = make_sync_engine(database_url)
    try:
        with Session(engine) as session:
            if has_organisation(session):
                return False
            try:
                seed_demo(session, now=moment, tz_name=tz_name, calendar_cfg=calendar_cfg)
                session.commit()
            except IntegrityError:
                session.rollback()
                if has_organisation(session):
                    return False
                raise
            return True
    finally:
        engine.dispose()
