"""The demo decisions (beslut): assignments to units and their follow-up comments.

Ten decisions by kommunfullmäktige, kommunstyrelsen, nämnder and a förvaltning's
ledningsgrupp, in every status, each with its comments. Dates are offsets in days from the
seeding day and references carry the year of the decision, so the decisions stay current
whatever ``now`` is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from demo.organisation import ADELE_UNIT_CODE, ALEX_UNIT_CODE

__all__ = ["DecisionSpec", "decision_specs"]


class DecisionSpec(NamedTuple):
    """A decision; ``decided``, ``due`` and each update's first item are day offsets."""

    reference: str
    decided: int
    decided_by: str
    title: str
    assignment: str
    unit_code: str
    due: int | None
    status: str
    updates: list[tuple[int, str, str]]  # (day offset, status, comment)


def decision_specs(today: date) -> list[DecisionSpec]:
    """The decisions as seen on ``today``, oldest comments first."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    lokal_year = day(-130).year
    return [
        DecisionSpec(
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
        DecisionSpec(
            f"BUN {day(-95).year}/45", -95, "nämnd",
            "Åtgärdsplan för ökad måluppfyllelse i grundskolan",
            "Barn- och utbildningsnämnden uppdrar åt förvaltningschefen att ta fram en "
            "åtgärdsplan för att öka andelen elever med godkända betyg i alla ämnen. Planen "
            "ska innehålla mätbara delmål per skola.",
            ALEX_UNIT_CODE, -12, "in_progress",
            [(-60, "in_progress", "Resultaten per skola och ämne är kartlagda. "
              "Rektorerna tar fram förslag på delmål.")],
        ),
        DecisionSpec(
            f"BUN {day(-45).year}/112", -45, "nämnd",
            "Utredning om ny förskola i Norrby",
            "Barn- och utbildningsnämnden uppdrar åt förvaltningen att utreda behovet av "
            "en ny förskola i Norrby, inklusive lokalisering och kostnader.",
            ALEX_UNIT_CODE, 120, "not_started", [],
        ),
        DecisionSpec(
            f"BUF {day(-70).year}/318", -70, "ledningsgrupp",
            "Bättre information till vårdnadshavare vid inskolning",
            "Förvaltningens ledningsgrupp ger Förskolan Solrosen i uppdrag att ta fram nytt "
            "informationsmaterial om inskolningen och pröva det under terminen.",
            ADELE_UNIT_CODE, -8, "in_progress",
            [(-30, "in_progress", "Ett första utkast är klart och har prövats med två "
              "familjer.")],
        ),
        DecisionSpec(
            f"BUF {day(-25).year}/341", -25, "ledningsgrupp",
            "Översyn av utemiljön på Förskolan Solrosen",
            "Ledningsgruppen ger förskolechefen i uppdrag att tillsammans med "
            "fastighetsavdelningen se över utemiljön och föreslå åtgärder.",
            ADELE_UNIT_CODE, 40, "not_started", [],
        ),
        DecisionSpec(
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
        DecisionSpec(
            f"KS {lokal_year}/201", -130, "KS",
            "Samlad lokalförsörjningsplan",
            "Kommunstyrelsen uppdrar åt kommunledningsförvaltningen att ta fram en samlad "
            "lokalförsörjningsplan för alla förvaltningar.",
            "KLF", 90, "in_progress",
            [(-70, "in_progress", "Lokalbehoven är inventerade i alla förvaltningar.")],
        ),
        DecisionSpec(
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
        DecisionSpec(
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
        DecisionSpec(
            f"KFN {day(-200).year}/19", -200, "nämnd",
            "Meröppet på Biblioteket Norrby",
            "Kultur- och fritidsnämnden uppdrar åt förvaltningen att införa meröppet på "
            "Biblioteket Norrby.",
            "KFF-BIB-02", -60, "done",
            [(-75, "done", "Meröppet infördes den första i månaden. Besökarna kan nu "
              "använda biblioteket 07–22 alla dagar.")],
        ),
    ]
