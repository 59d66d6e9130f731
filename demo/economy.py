"""The demo kommun's economy: budgets and utfall 2025–2026 per unit, helårsprognoser in the
history of 2026, and the ekonomisystem's SIE 4 export of one month.

Sizes follow the kind of unit (nettokostnad per year, tkr): a förskola about 14 000, a
grundskola 40 000–55 000, a särskilt boende about 60 000, IFO's units 25 000–50 000 (with
the kommuner's usual overspend on placements), bygglov close to zero (fees). Budgets sit on
the units without children (the levels above are their sums). Deterministic: the same
``now`` gives the same figures, so ``demo/ekonomi/utfall_2026-10.se`` (written by
``python -m demo.economy``) holds exactly the October utfall the demo seeds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from followup.economy import EconomyConfig, spread_annual
from followup.sie4 import encode_lines, quote

#: profile key (the first of the unit's catalogue keys) -> (annual budget tkr, spread of
#: the forecast deviation: mean, width) — positive mean = overspend
SIZES: dict[str, tuple[int, float, float]] = {
    "forskola": (14_000, 0.005, 0.02), "grundskola": (46_000, 0.0, 0.02),
    "gymnasium": (82_000, -0.005, 0.02), "vuxenutb": (18_000, -0.01, 0.02),
    "hemtjanst": (38_000, 0.03, 0.02), "boende": (61_000, 0.015, 0.015),
    "ifo": (36_000, 0.06, 0.03), "lss": (29_000, 0.01, 0.02), "gata": (24_000, 0.0, 0.03),
    "park": (11_000, -0.01, 0.02), "bygglov": (1_200, -0.2, 0.3), "plan": (6_000, 0.0, 0.05),
    "va": (2_000, 0.0, 0.2), "bibliotek": (9_500, -0.01, 0.015),
    "idrott": (12_500, 0.01, 0.02), "fritidsgard": (5_500, 0.0, 0.02),
    "kulturskola": (7_000, -0.005, 0.02), "eko": (11_000, -0.01, 0.01),
    "hr": (14_000, 0.0, 0.01), "dig": (21_000, 0.02, 0.02),
}
#: school-like units spend less in July
SUMMER_LOW = {"forskola", "grundskola", "gymnasium", "vuxenutb", "kulturskola", "fritidsgard"}
SCHOOL_PROFILE = (9, 9, 9, 9, 9, 8, 3, 7, 9, 9, 9, 10)
EVEN = (1,) * 12
#: SIE account split of a unit's month: (account, name, share of the gross cost)
ACCOUNTS = (("5010", "Lokalhyror", 0.12), ("7010", "Löner månadsavlönade", 0.55),
            ("7510", "Arbetsgivaravgifter", 0.18), ("6420", "Köpta tjänster", 0.08),
            ("6110", "Kontorsmaterial", 0.07))
INCOME_ACCOUNT = ("3510", "Avgifter och ersättningar")
INCOME_SHARE = 0.08
COMMENTS_OVER = (
    "Fler placeringar än budgeterat; åtgärdsplan tas fram med förvaltningen.",
    "Ökad vårdtyngd och fler beviljade timmar än planerat.",
    "Vikariekostnader under sjukfrånvaron; bemanningen ses över.",
    "Högre energi- och hyreskostnader än i budgeten.",
)
COMMENTS_UNDER = (
    "Vakanta tjänster under hösten.",
    "Lägre kostnader för köpta tjänster än planerat.",
    "Högre intäkter av avgifter än budgeterat.",
)


@dataclass
class EconomyPlan:
    #: (unit code, year, month) -> kronor
    budget: dict[tuple[str, int, int], int] = field(default_factory=dict)
    utfall: dict[tuple[str, int, int], int] = field(default_factory=dict)
    #: (unit code, year, month) -> (forecast kr, comment)
    forecasts: dict[tuple[str, int, int], tuple[int, str]] = field(default_factory=dict)
    #: unit code -> SIE ansvar object (4-digit code)
    ansvar: dict[str, str] = field(default_factory=dict)


def plan_economy(leaves: list[tuple[str, str]], *, year: int, month: int,
                 followed_months: set[int], config: EconomyConfig | None = None,
                 current_done: set[str] | None = None) -> EconomyPlan:
    """``leaves``: (unit code, profile) of the units without children; ``year``/``month``
    the open reporting period (utfall up to it, forecasts in the followed months up to it;
    in the open month only from ``current_done`` units, when given)."""
    config = config or EconomyConfig()
    rng = random.Random(1414)
    plan = EconomyPlan()
    for index, (code, profile) in enumerate(leaves):
        key = profile.split("+")[0]
        size, mean, width = SIZES.get(key, (10_000, 0.0, 0.02))
        plan.ansvar[code] = str(4100 + 10 * index)
        shape = SCHOOL_PROFILE if key in SUMMER_LOW else EVEN
        base = int(size * rng.uniform(0.85, 1.15)) * 1000
        drift = rng.gauss(mean, width)
        for y, growth in ((year - 1, 1.0), (year, 1.03)):
            annual = round(base * growth, -3)
            months = spread_annual(int(annual), shape)
            last = 12 if y < year else month
            for m, amount in enumerate(months, start=1):
                plan.budget[(code, y, m)] = amount
                if m <= last:
                    noise = rng.uniform(-0.04, 0.04)
                    plan.utfall[(code, y, m)] = int(round(amount * (1 + drift + noise), -2))
        annual_kr = sum(plan.budget[(code, year, m)] for m in range(1, 13))
        for m in sorted(followed_months):
            if m > month:
                continue
            known = m / 12  # the forecast moves towards the year's drift as it unfolds
            deviation = drift * (0.3 + 0.7 * known) + rng.uniform(-0.004, 0.004)
            forecast = int(round(annual_kr * (1 + deviation), -4))
            comment = ""
            if config.needs_comment(annual_kr, forecast):
                pool = COMMENTS_OVER if forecast > annual_kr else COMMENTS_UNDER
                comment = pool[rng.randrange(len(pool))]
            if m == month and current_done is not None and code not in current_done:
                continue  # not given yet in the open month
            plan.forecasts[(code, year, m)] = (forecast, comment)
    return plan


def sie_lines(plan: EconomyPlan, names: dict[str, str], *, year: int, month: int,
              company: str) -> list[str]:
    """The SIE 4 export of ``year``-``month``'s utfall, spread over accounts as an
    ekonomisystem books it (the accounts of a unit add up to its utfall exactly)."""
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#PROGRAM "Sjöviks Ekonomisystem" 4.2',
             f"#GEN {year}{month + 1 if month < 12 else 12:02d}03", f"#FNAMN {quote(company)}",
             "#ORGNR 212000-0000", f"#RAR 0 {year}0101 {year}1231",
             f"#RAR -1 {year - 1}0101 {year - 1}1231", '#DIM 1 "Ansvar"',
             '#DIM 6 "Projekt"']
    lines += [f"#OBJEKT 1 {quote(obj)} {quote(names.get(code, code))}"
              for code, obj in plan.ansvar.items()]
    lines.append('#OBJEKT 6 "P100" "Digitalisering i välfärden"')
    lines.append(f"#KONTO {INCOME_ACCOUNT[0]} {quote(INCOME_ACCOUNT[1])}")
    lines += [f"#KONTO {account} {quote(name)}" for account, name, _s in ACCOUNTS]
    period = f"{year}{month:02d}"
    for code, obj in plan.ansvar.items():
        net = plan.utfall.get((code, year, month))
        if net is None:
            continue
        gross = round(net * (1 + INCOME_SHARE))
        income = net - gross  # negative: credit
        lines.append(f'#PSALDO 0 {period} {INCOME_ACCOUNT[0]} {{1 "{obj}"}} {income}.00')
        rest = gross
        for i, (account, _name, share) in enumerate(ACCOUNTS):
            amount = rest if i == len(ACCOUNTS) - 1 else round(gross * share)
            rest -= amount
            lines.append(f'#PSALDO 0 {period} {account} {{1 "{obj}"}} {amount}.00')
    return lines


def mapping_rows(plan: EconomyPlan) -> list[tuple[str, str]]:
    return [(obj, code) for code, obj in plan.ansvar.items()]


def write_demo_files(folder: Path) -> list[Path]:
    """``utfall_2026-10.se`` and ``ansvar_mappning.csv`` for the demo at its DEMO moment."""
    from demo.organisation import MUNICIPALITY_NAME, UNITS

    plan, _names = demo_plan()
    names = {spec.code: spec.name for spec in UNITS}
    folder.mkdir(parents=True, exist_ok=True)
    sie = folder / "utfall_2026-10.se"
    sie.write_bytes(encode_lines(sie_lines(plan, names, year=2026, month=10,
                                           company=MUNICIPALITY_NAME), with_checksum=True))
    mapping = folder / "ansvar_mappning.csv"
    mapping.write_text("Objekt;Enhetskod\n" + "".join(f"{o};{c}\n"
                                                     for o, c in mapping_rows(plan)),
                       encoding="utf-8")
    return [sie, mapping]


def leaves_of_demo() -> list[tuple[str, str]]:
    from demo.organisation import UNITS

    parents = {spec.parent for spec in UNITS}
    return [(spec.code, spec.profile) for spec in UNITS if spec.code not in parents]


def demo_plan(current_done: set[str] | None = None) -> tuple[EconomyPlan, None]:
    """The plan at the demo's moment (the October 2026 period open)."""
    followed = {2, 3, 4, 5, 6, 8, 9, 10}
    return plan_economy(leaves_of_demo(), year=2026, month=10, followed_months=followed,
                        current_done=current_done), None


if __name__ == "__main__":
    for written in write_demo_files(Path(__file__).resolve().parent / "ekonomi"):
        print(written)
