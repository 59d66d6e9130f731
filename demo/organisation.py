"""The demo organisation: Sjöviks kommun, its people, units and manager assignments.

Holds the public facts other modules rely on (the municipality's code and name, the Agents
Playground users' AAD object ids and the units they lead), the people and unit specs the
seeder inserts (parents before children), and the constants of the manager change and the
ställföreträdare (acting manager) around ``now``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from followup.org import UnitKind

__all__ = [
    "ACTING_DAYS_AFTER",
    "ACTING_DAYS_BEFORE",
    "ACTING_PERSON",
    "ACTING_UNIT_CODE",
    "ADELE_AAD_ID",
    "ADELE_UNIT_CODE",
    "ALEX_AAD_ID",
    "ALEX_UNIT_CODE",
    "DEMO_AAD_IDS",
    "DEMO_PERSON_KEYS",
    "MANAGER_CHANGE_UNIT",
    "MEGAN_AAD_ID",
    "MEGAN_UNIT_CODE",
    "MUNICIPALITY_CODE",
    "MUNICIPALITY_NAME",
    "PEOPLE",
    "PREVIOUS_MANAGER",
    "UNITS",
    "PersonSpec",
    "UnitSpec",
    "email_for",
]

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

# Person keys of the Agents Playground users (Alex, Megan, Adele).
DEMO_PERSON_KEYS: tuple[str, ...] = ("alex", "megan", "adele")

# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonSpec:
    """A person; ``key`` is how unit specs name their manager."""

    key: str
    name: str
    title: str
    aad_object_id: str | None = None
    email: str | None = None
    is_admin: bool = False


PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("megan", "Megan Bowen", "Kommunchef", MEGAN_AAD_ID, "meganb@example.com"),
    PersonSpec(
        "alex",
        "Alex Wilber",
        "Förvaltningschef, barn- och utbildningsförvaltningen",
        ALEX_AAD_ID,
        "alexw@example.com",
    ),
    PersonSpec(
        "adele", "Adele Vance", "Förskolechef, Förskolan Solrosen", ADELE_AAD_ID,
        "adelev@example.com",
    ),
    PersonSpec(
        "admin", "Sofia Wallin", "Målbotsadministratör, kommunledningsförvaltningen",
        is_admin=True,
    ),
    PersonSpec("henrik", "Henrik Lundgren", "Förvaltningschef, kommunledningsförvaltningen"),
    PersonSpec("annika", "Annika Forsberg", "Ekonomichef"),
    PersonSpec("mikael", "Mikael Sjöberg", "HR-chef"),
    PersonSpec("petra", "Petra Holm", "Digitaliseringschef"),
    PersonSpec("lena", "Lena Bergström", "Verksamhetschef förskola"),
    PersonSpec("hanna", "Hanna Lindberg", "Förskolechef, Förskolan Ekorren"),
    PersonSpec("fatima", "Fatima Hassan", "Förskolechef, Förskolan Sjöstjärnan"),
    PersonSpec("jonas", "Jonas Ek", "Biträdande förskolechef, tf. förskolechef Sjöstjärnan"),
    PersonSpec("per", "Per Andersson", "Verksamhetschef grundskola"),
    PersonSpec("karin", "Karin Nyström", "Rektor, Sjöviksskolan"),
    PersonSpec("olof", "Olof Strand", "Tidigare rektor, Ängsskolan"),
    PersonSpec("maja", "Maja Lind", "Rektor, Ängsskolan"),
    PersonSpec("ahmed", "Ahmed Karimi", "Rektor, Norrbackaskolan"),
    PersonSpec("birgitta", "Birgitta Söderström", "Verksamhetschef gymnasie- och vuxenutbildning"),
    PersonSpec("tomas", "Tomas Wikström", "Rektor, Sjöviksgymnasiet"),
    PersonSpec("ingrid", "Ingrid Axelsson", "Socialchef"),
    PersonSpec("goran", "Göran Hedlund", "Verksamhetschef vård och omsorg"),
    PersonSpec("elin", "Elin Persson", "Enhetschef hemtjänst"),
    PersonSpec("marie", "Marie Gustafsson", "Enhetschef, Lindgårdens särskilda boende"),
    PersonSpec("nils", "Nils Åberg", "Enhetschef, Sjöglimtens vård- och omsorgsboende"),
    PersonSpec("camilla", "Camilla Ström", "Verksamhetschef individ- och familjeomsorg"),
    PersonSpec("sara", "Sara Mattsson", "Enhetschef barn och unga"),
    PersonSpec("daniel", "Daniel Öberg", "Enhetschef vuxenenheten"),
    PersonSpec("linnea", "Linnea Falk", "Enhetschef ekonomiskt bistånd"),
    PersonSpec("robert", "Robert Håkansson", "Verksamhetschef funktionsstöd"),
    PersonSpec("emma", "Emma Sundqvist", "Enhetschef gruppbostäder LSS"),
    PersonSpec("johanna", "Johanna Blom", "Enhetschef daglig verksamhet"),
    PersonSpec("magnus", "Magnus Engström", "Samhällsbyggnadschef"),
    PersonSpec("fredrik", "Fredrik Dahl", "Avdelningschef gata och park"),
    PersonSpec("oskar", "Oskar Nordin", "Enhetschef gatuenheten"),
    PersonSpec("ulrika", "Ulrika Ekström", "Enhetschef parkenheten"),
    PersonSpec("helena", "Helena Viklund", "Avdelningschef plan och bygg"),
    PersonSpec("viktor", "Viktor Sandin", "Bygglovschef"),
    PersonSpec("amanda", "Amanda Hellström", "Planchef"),
    PersonSpec("stefan", "Stefan Lund", "VA-chef"),
    PersonSpec("anna", "Anna Sjögren", "Kultur- och fritidschef"),
    PersonSpec("kristina", "Kristina Berglund", "Bibliotekschef"),
    PersonSpec("elsa", "Elsa Holmberg", "Enhetschef, Biblioteket Norrby"),
    PersonSpec("martin", "Martin Eklund", "Fritidschef"),
    PersonSpec("erik", "Erik Wallgren", "Anläggningschef, Sjövikshallen"),
    PersonSpec("yasmin", "Yasmin Ali", "Enhetschef, Fritidsgården Ungdomens hus"),
    PersonSpec("josefin", "Josefin Lindh", "Kulturskolechef"),
)

# --------------------------------------------------------------------------- units

# Short alias for the unit specs below.
_K = UnitKind


@dataclass(frozen=True)
class UnitSpec:
    """An organisation unit and the person key of its (current) manager."""

    code: str
    name: str
    kind: UnitKind
    parent: str | None
    profile: str  # goal catalogue key(s), "+"-separated
    manager: str  # person key


# Parents come before their children.
UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(MUNICIPALITY_CODE, MUNICIPALITY_NAME, _K.MUNICIPALITY, None, "kommun", "megan"),
    # Kommunledningsförvaltningen
    UnitSpec("KLF", "Kommunledningsförvaltningen", _K.ADMINISTRATION, "SJV", "klf", "henrik"),
    UnitSpec("KLF-EKO", "Ekonomiavdelningen", _K.DIVISION, "KLF", "eko", "annika"),
    UnitSpec("KLF-HR", "HR-avdelningen", _K.DIVISION, "KLF", "hr", "mikael"),
    UnitSpec("KLF-DIG", "Digitaliseringsavdelningen", _K.DIVISION, "KLF", "dig", "petra"),
    # Barn- och utbildningsförvaltningen
    UnitSpec("BUF", "Barn- och utbildningsförvaltningen", _K.ADMINISTRATION, "SJV", "buf",
             "alex"),
    UnitSpec("BUF-FS", "Förskoleverksamheten", _K.DIVISION, "BUF", "forskola", "lena"),
    UnitSpec("BUF-FS-01", "Förskolan Solrosen", _K.UNIT, "BUF-FS", "forskola", "adele"),
    UnitSpec("BUF-FS-02", "Förskolan Ekorren", _K.UNIT, "BUF-FS", "forskola", "hanna"),
    UnitSpec("BUF-FS-03", "Förskolan Sjöstjärnan", _K.UNIT, "BUF-FS", "forskola", "fatima"),
    UnitSpec("BUF-GR", "Grundskoleavdelningen", _K.DIVISION, "BUF", "grundskola", "per"),
    UnitSpec("BUF-GR-01", "Sjöviksskolan F–6", _K.UNIT, "BUF-GR", "grundskola", "karin"),
    UnitSpec("BUF-GR-02", "Ängsskolan F–9", _K.UNIT, "BUF-GR", "grundskola", "maja"),
    UnitSpec("BUF-GR-03", "Norrbackaskolan 7–9", _K.UNIT, "BUF-GR", "grundskola", "ahmed"),
    UnitSpec("BUF-GY", "Gymnasie- och vuxenutbildningen", _K.DIVISION, "BUF", "gymnasium",
             "birgitta"),
    UnitSpec("BUF-GY-01", "Sjöviksgymnasiet", _K.UNIT, "BUF-GY", "gymnasium", "tomas"),
    UnitSpec("BUF-GY-02", "Vuxenutbildningen", _K.UNIT, "BUF-GY", "vuxenutb", "birgitta"),
    # Socialförvaltningen
    UnitSpec("SOC", "Socialförvaltningen", _K.ADMINISTRATION, "SJV", "soc", "ingrid"),
    UnitSpec("SOC-VO", "Vård och omsorg", _K.DIVISION, "SOC", "hemtjanst+boende", "goran"),
    UnitSpec("SOC-VO-HT1", "Hemtjänst Norr", _K.UNIT, "SOC-VO", "hemtjanst", "elin"),
    UnitSpec("SOC-VO-HT2", "Hemtjänst Söder", _K.UNIT, "SOC-VO", "hemtjanst", "elin"),
    UnitSpec("SOC-VO-SB1", "Lindgårdens särskilda boende", _K.UNIT, "SOC-VO", "boende",
             "marie"),
    UnitSpec("SOC-VO-SB2", "Sjöglimtens vård- och omsorgsboende", _K.UNIT, "SOC-VO", "boende",
             "nils"),
    UnitSpec("SOC-IFO", "Individ- och familjeomsorg", _K.DIVISION, "SOC", "ifo", "camilla"),
    UnitSpec("SOC-IFO-BU", "Barn och unga", _K.UNIT, "SOC-IFO", "ifo", "sara"),
    UnitSpec("SOC-IFO-VUX", "Vuxenenheten", _K.UNIT, "SOC-IFO", "ifo", "daniel"),
    UnitSpec("SOC-IFO-EB", "Ekonomiskt bistånd", _K.UNIT, "SOC-IFO", "ifo", "linnea"),
    UnitSpec("SOC-FS", "Funktionsstöd", _K.DIVISION, "SOC", "lss", "robert"),
    UnitSpec("SOC-FS-LSS", "Gruppbostäder LSS", _K.UNIT, "SOC-FS", "lss", "emma"),
    UnitSpec("SOC-FS-DV", "Daglig verksamhet", _K.UNIT, "SOC-FS", "lss", "johanna"),
    # Samhällsbyggnadsförvaltningen
    UnitSpec("SBF", "Samhällsbyggnadsförvaltningen", _K.ADMINISTRATION, "SJV", "sbf", "magnus"),
    UnitSpec("SBF-GP", "Gata och park", _K.DIVISION, "SBF", "gata+park", "fredrik"),
    UnitSpec("SBF-GP-01", "Gatuenheten", _K.UNIT, "SBF-GP", "gata", "oskar"),
    UnitSpec("SBF-GP-02", "Parkenheten", _K.UNIT, "SBF-GP", "park", "ulrika"),
    UnitSpec("SBF-PB", "Plan och bygg", _K.DIVISION, "SBF", "bygglov+plan", "helena"),
    UnitSpec("SBF-PB-01", "Bygglovsenheten", _K.UNIT, "SBF-PB", "bygglov", "viktor"),
    UnitSpec("SBF-PB-02", "Planenheten", _K.UNIT, "SBF-PB", "plan", "amanda"),
    UnitSpec("SBF-VA", "Vatten och avlopp", _K.DIVISION, "SBF", "va", "stefan"),
    # Kultur- och fritidsförvaltningen
    UnitSpec("KFF", "Kultur- och fritidsförvaltningen", _K.ADMINISTRATION, "SJV", "kff", "anna"),
    UnitSpec("KFF-BIB", "Biblioteken", _K.DIVISION, "KFF", "bibliotek", "kristina"),
    UnitSpec("KFF-BIB-01", "Sjöviks stadsbibliotek", _K.UNIT, "KFF-BIB", "bibliotek",
             "kristina"),
    UnitSpec("KFF-BIB-02", "Biblioteket Norrby", _K.UNIT, "KFF-BIB", "bibliotek", "elsa"),
    UnitSpec("KFF-FRI", "Fritid och idrott", _K.DIVISION, "KFF", "idrott+fritidsgard", "martin"),
    UnitSpec("KFF-FRI-01", "Sjövikshallen", _K.UNIT, "KFF-FRI", "idrott", "erik"),
    UnitSpec("KFF-FRI-02", "Fritidsgården Ungdomens hus", _K.UNIT, "KFF-FRI", "fritidsgard",
             "yasmin"),
    UnitSpec("KFF-KS", "Kulturskolan", _K.UNIT, "KFF", "kulturskola", "josefin"),
)

# Ängsskolan changed rektor during the history: Olof Strand until then, Maja Lind after.
MANAGER_CHANGE_UNIT = "BUF-GR-02"
PREVIOUS_MANAGER = "olof"
ACTING_PERSON = "jonas"

# The ställföreträdare's assignment runs from this many days before ``now`` to this many
# days after it.
ACTING_DAYS_BEFORE = 14
ACTING_DAYS_AFTER = 45


def email_for(name: str) -> str:
    """A person's e-mail address when the spec gives none: ``first.last@example.com``."""
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    )
    return ".".join(ascii_name.split()) + "@example.com"
