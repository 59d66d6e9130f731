"""A manager's mandate under a nämnd's delegationsordning, on a date (pure).

* The ordning has versions (valid_from … valid_to); :func:`version_on` picks the one that
  applied on a date.
* A point's delegat is a *role* ("rektor"), optionally limited to a part of the
  organisation (the point applies to managers of units in that subtree).
* A person holds a role through a manager assignment (the role column of the manager
  import) or, without one, through their job title mapped by the role table.
* An acting manager (ställföreträdare) holds the unit's mandate during the acting
  period — the role of their own assignment, else the role of the manager they stand in
  for; the ordinary manager does not hold it for that unit meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from followup.org import OrgTree


def role_key(role: str) -> str:
    """Roles compare case- and space-insensitively: "Enhetschef  hemtjänst" == …"""
    return " ".join(role.casefold().split())


@dataclass(frozen=True)
class RoleGrant:
    """A manager assignment with its delegation role (None: from the job title)."""

    person_id: int
    unit_id: int
    acting: bool
    valid_from: date
    valid_to: date | None
    role: str | None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class HeldRole:
    role: str
    unit_id: int
    acting: bool
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class OrderVersion:
    id: int
    committee: str
    version: int
    valid_from: date
    valid_to: date | None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Point:
    id: int
    order_id: int
    committee: str
    number: str
    group: str
    matter: str
    legal_ref: str
    delegate_role: str
    limit_unit_id: int | None
    substitute_role: str
    amount_limit_kr: int | None
    subdelegation: bool
    report_required: bool
    note: str


def point_sort_key(number: str) -> tuple[tuple[int, str], ...]:
    """"2.10" after "2.9"; text parts compared as text."""
    out: list[tuple[int, str]] = []
    for part in number.replace(",", ".").split("."):
        part = part.strip()
        out.append((int(part), "") if part.isdigit() else (10**9, part))
    return tuple(out)


def version_on(versions: Iterable[OrderVersion], committee: str,
               on: date) -> OrderVersion | None:
    """The committee's ordning that applied on ``on`` (None: none yet, or ended)."""
    for v in versions:
        if v.committee == committee and v.covers(on):
            return v
    return None


def roles_on(person_id: int, on: date, grants: Sequence[RoleGrant],
             title_role: str | None, tree: OrgTree) -> list[HeldRole]:
    """The roles a person holds on ``on``, one per unit they run (acting included)."""
    held: list[HeldRole] = []
    for grant in grants:
        if grant.person_id != person_id or not grant.covers(on):
            continue
        if not grant.acting and tree.stood_in_by(person_id, grant.unit_id, on) is not None:
            continue  # someone else is acting: the mandate is theirs meanwhile
        role = grant.role
        if role is None and grant.acting:
            role = _manager_role(grant.unit_id, on, grants)
        if role is None:
            role = title_role
        if role:
            held.append(HeldRole(role, grant.unit_id, grant.acting, grant.valid_from,
                                 grant.valid_to))
    return held


def _manager_role(unit_id: int, on: date, grants: Sequence[RoleGrant]) -> str | None:
    """The role of the ordinary manager of ``unit_id`` on ``on`` (the acting one's)."""
    for grant in grants:
        if grant.unit_id == unit_id and not grant.acting and grant.covers(on) and grant.role:
            return grant.role
    return None


def holds(point: Point, held: Sequence[HeldRole], tree: OrgTree) -> HeldRole | None:
    """The held role that gives the point (None: not held)."""
    wanted = role_key(point.delegate_role)
    for role in held:
        if role_key(role.role) != wanted:
            continue
        if point.limit_unit_id is None or (
            role.unit_id in tree.units
            and tree.is_in_subtree(role.unit_id, point.limit_unit_id)
        ):
            return role
    return None


def holders(point: Point, on: date, grants: Sequence[RoleGrant],
            title_roles: Mapping[int, str | None], tree: OrgTree) -> list[int]:
    """Who holds the point on ``on`` (person ids, in order of first grant)."""
    people = list(dict.fromkeys(g.person_id for g in grants if g.covers(on)))
    return [p for p in people
            if holds(point, roles_on(p, on, grants, title_roles.get(p), tree), tree)]


@dataclass(frozen=True)
class DecisionCheck:
    """Why an anmält beslut is flagged: not held, or above the amount limit."""

    held: bool
    above_amount: bool

    @property
    def flag(self) -> str | None:
        if not self.held:
            return "not_held"
        if self.above_amount:
            return "above_amount"
        return None


def check_decision(point: Point, held: Sequence[HeldRole], tree: OrgTree,
                   amount_kr: int | None) -> DecisionCheck:
    ok = holds(point, held, tree) is not None
    above = (point.amount_limit_kr is not None and amount_kr is not None
             and amount_kr > point.amount_limit_kr)
    return DecisionCheck(ok, above)
