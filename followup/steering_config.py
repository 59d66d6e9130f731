"""The steering year's settings (which kinds of follow-up run), without the calendar.

:class:`SteeringYearConfig` lives here so that the reporting calendar
(:mod:`followup.calendar`) can ask it which period a month is asked as; the rules built on
it are in :mod:`followup.steering_year`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The delår must cover between half and two thirds of the year (LKBR 13 kap. 1 §).
DELAR_MIN_MONTHS = 6
DELAR_MAX_MONTHS = 8


class SteeringYearError(ValueError):
    """A steering-year configuration that cannot be run; the message names the setting."""


@dataclass(frozen=True)
class SteeringYearConfig:
    """Which kinds of follow-up run. ``tertials`` lists the tertial numbers followed up (the
    delår and helår usually replace T2 and T3); ``delar_end_month`` is None when the kommun
    writes no delårsrapport; ``long_deadline_workday`` is the deadline (working day of the
    month after the period) of the longer forms."""

    monthly: bool = True
    tertials: tuple[int, ...] = (1,)
    delar_end_month: int | None = 8
    year: bool = True
    long_deadline_workday: int = 8

    def __post_init__(self) -> None:
        tertials = tuple(sorted(set(self.tertials)))
        if any(n not in (1, 2, 3) for n in tertials):
            raise SteeringYearError(
                f"REPORT_TERTIALS: tertialen är 1, 2 och 3, fick {','.join(map(str, tertials))}."
            )
        object.__setattr__(self, "tertials", tertials)
        end = self.delar_end_month
        if end is not None and not DELAR_MIN_MONTHS <= end <= DELAR_MAX_MONTHS:
            raise SteeringYearError(
                "REPORT_DELAR_END_MONTH: en delårsrapport ska omfatta minst hälften och högst "
                "två tredjedelar av räkenskapsåret (LKBR 13 kap. 1 §), alltså sluta efter "
                f"juni, juli eller augusti (6–8); fick {end}."
            )
        if not 1 <= self.long_deadline_workday <= 20:
            raise SteeringYearError(
                "REPORT_LONG_DEADLINE_WORKDAY: arbetsdag 1–20 i månaden efter perioden, "
                f"fick {self.long_deadline_workday}."
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SteeringYearConfig:
        """REPORT_TERTIALS ("1"; "none" for none), REPORT_DELAR_END_MONTH ("8"; "none" for no
        delårsrapport), REPORT_YEAR ("true"), REPORT_MONTHLY ("true"),
        REPORT_LONG_DEADLINE_WORKDAY ("8")."""
        kwargs: dict[str, object] = {}

        def value(name: str) -> str | None:
            raw = env.get(name)
            return raw.strip() if raw is not None and raw.strip() else None

        if (raw := value("REPORT_TERTIALS")) is not None:
            kwargs["tertials"] = () if raw.lower() == "none" else _int_list("REPORT_TERTIALS", raw)
        if (raw := value("REPORT_DELAR_END_MONTH")) is not None:
            kwargs["delar_end_month"] = (
                None if raw.lower() == "none" else _int("REPORT_DELAR_END_MONTH", raw))
        if (raw := value("REPORT_YEAR")) is not None:
            kwargs["year"] = _flag("REPORT_YEAR", raw)
        if (raw := value("REPORT_MONTHLY")) is not None:
            kwargs["monthly"] = _flag("REPORT_MONTHLY", raw)
        if (raw := value("REPORT_LONG_DEADLINE_WORKDAY")) is not None:
            kwargs["long_deadline_workday"] = _int("REPORT_LONG_DEADLINE_WORKDAY", raw)
        return cls(**kwargs)  # type: ignore[arg-type]


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise SteeringYearError(f"{name}: ett heltal, fick {raw!r}.") from exc


def _int_list(name: str, raw: str) -> tuple[int, ...]:
    return tuple(_int(name, part.strip()) for part in raw.split(",") if part.strip())


def _flag(name: str, raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "ja"):
        return True
    if lowered in ("0", "false", "no", "nej"):
        return False
    raise SteeringYearError(f"{name}: true eller false, fick {raw!r}.")
