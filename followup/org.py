"""The organisation tree and who is in charge: plain dataclasses, pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class UnitKind(StrEnum):
    MUNICIPALITY = "kommun"
    ADMINISTRATION = "forvaltning"
    DIVISION = "avdelning"
    UNIT = "enhet"


UNIT_KIND_LABELS = {
    "sv": {"kommun": "kommun", "forvaltning": "förvaltning", "avdelning": "avdelning",
           "enhet": "enhet"},
    "en": {"kommun": "municipality", "forvaltning": "administration", "avdelning": "division",
           "enhet": "unit"},
}


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True)
class Assignment:
    unit_id: int
    person_id: int
    role: str  # "manager" | "acting"
    valid_from: date
    valid_to: date | None = None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class ReportRole(StrEnum):
    """Why someone may act for a unit (its reports and its decisions)."""

    MANAGER = "manager"
    ACTING = "acting"
    LEADER = "leader"  # the unit has no manager: the nearest leader above is in charge
    ADMIN = "admin"


@dataclass(frozen=True)
class Charge:
    """Who is responsible for a unit on a day, and through which unit: the unit itself
    (its acting manager, else its manager) or, for a unit without a manager, the
    nearest ancestor that has someone in charge."""

    person_id: int
    role: ReportRole  # MANAGER, ACTING or LEADER
    via_unit_id: int


@dataclass(frozen=True)
class ReportPermission:
    allowed: bool
    role: ReportRole | None = None

    @property
    def on_behalf(self) -> bool:
        return self.role is ReportRole.ADMIN


@dataclass
class OrgTree:
    units: dict[int, Unit]
    assignments: list[Assignment] = field(default_factory=list)
    _children: dict[int | None, list[int]] = field(init=False, repr=False)
    _by_unit: dict[int, list[Assignment]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._children = {}
        for unit in sorted(self.units.values(), key=lambda u: (u.name, u.id)):
            self._children.setdefault(unit.parent_id, []).append(unit.id)
        self._by_unit = {}
        for a in self.assignments:
            self._by_unit.setdefault(a.unit_id, []).append(a)

    @classmethod
    def build(cls, units: Iterable[Unit], assignments: Iterable[Assignment] = ()) -> OrgTree:
        return cls({u.id: u for u in units}, list(assignments))

    # --- structure -------------------------------------------------------
    def roots(self) -> list[Unit]:
        return [self.units[i] for i in self._children.get(None, [])]

    def children(self, unit_id: int) -> list[Unit]:
        return [self.units[i] for i in self._children.get(unit_id, [])]

    def has_children(self, unit_id: int) -> bool:
        return bool(self._children.get(unit_id))

    def subtree(self, unit_id: int) -> list[Unit]:
        """The unit and everything below it, depth first."""
        out: list[Unit] = []
        stack = [unit_id]
        while stack:
            current = stack.pop()
            out.append(self.units[current])
            stack.extend(reversed(self._children.get(current, [])))
        return out

    def ancestors(self, unit_id: int) -> list[Unit]:
        """Parents from the closest up to the root (the unit itself excluded)."""
        out: list[Unit] = []
        seen = {unit_id}
        parent = self.units[unit_id].parent_id
        while parent is not None and parent not in seen and parent in self.units:
            seen.add(parent)
            out.append(self.units[parent])
            parent = self.units[parent].parent_id
        return out

    def path_names(self, unit_id: int) -> list[str]:
        return [u.name for u in reversed(self.ancestors(unit_id))] + [self.units[unit_id].name]

    def is_in_subtree(self, unit_id: int, root_id: int) -> bool:
        return unit_id == root_id or any(a.id == root_id for a in self.ancestors(unit_id))

    def iter_units(self) -> Iterator[Unit]:
        for root in self.roots():
            yield from self.subtree(root.id)

    # --- people ----------------------------------------------------------
    def manager(self, unit_id: int, on: date) -> int | None:
        """The ordinary manager (not acting) on ``on``."""
        for a in self._by_unit.get(unit_id, []):
            if a.role == "manager" and a.covers(on):
                return a.person_id
        return None

    def acting_manager(self, unit_id: int, on: date) -> int | None:
        for a in self._by_unit.get(unit_id, []):
            if a.role == "acting" and a.covers(on):
                return a.person_id
        return None

    def manager_in_charge(self, unit_id: int, on: date) -> int | None:
        """Who runs the unit on ``on``: an acting manager wins over the manager."""
        return self.acting_manager(unit_id, on) or self.manager(unit_id, on)

    def responsible(self, unit_id: int, on: date) -> Charge | None:
        """The one rule of who acts for a unit on ``on`` (prompts, reports, decisions):
        its acting manager, else its manager, else — a unit without a manager — the
        person in charge of the nearest ancestor that has one. None: nobody above either."""
        if unit_id not in self.units:
            return None
        acting = self.acting_manager(unit_id, on)
        if acting is not None:
            return Charge(acting, ReportRole.ACTING, unit_id)
        manager = self.manager(unit_id, on)
        if manager is not None:
            return Charge(manager, ReportRole.MANAGER, unit_id)
        for ancestor in self.ancestors(unit_id):
            person = self.manager_in_charge(ancestor.id, on)
            if person is not None:
                return Charge(person, ReportRole.LEADER, ancestor.id)
        return None

    def escalation_leader(self, unit_id: int, on: date) -> int | None:
        """Whom a late unit is escalated to: the leader of the unit through which its
        responsible person is in charge (for a unit without a manager, the leader above
        the one who stands in for it)."""
        charge = self.responsible(unit_id, on)
        via = charge.via_unit_id if charge is not None else unit_id
        return self.leader_of(via, on)

    def stood_in_by(self, person_id: int, unit_id: int, on: date) -> Assignment | None:
        """The acting assignment covering ``on`` when ``person_id`` is the unit's ordinary
        manager and someone else is acting (the manager then only reads the unit)."""
        if unit_id not in self.units or self.manager(unit_id, on) != person_id:
            return None
        for a in self._by_unit.get(unit_id, []):
            if a.role == "acting" and a.covers(on) and a.person_id != person_id:
                return a
        return None

    def units_responsible(self, person_id: int, on: date) -> list[Unit]:
        """Units this person acts for on ``on`` (see :meth:`responsible`), in tree order:
        the units they run and the manager-less units they stand in for."""
        return [
            u for u in self.iter_units()
            if (c := self.responsible(u.id, on)) is not None and c.person_id == person_id
        ]

    def without_manager(self, on: date) -> list[Unit]:
        """Units with neither a manager nor an acting manager on ``on``, in tree order."""
        return [u for u in self.iter_units() if self.manager_in_charge(u.id, on) is None]

    def leader_of(self, unit_id: int, on: date) -> int | None:
        """The person a unit's manager answers to: the one in charge of the nearest
        ancestor that has someone in charge."""
        for ancestor in self.ancestors(unit_id):
            person = self.manager_in_charge(ancestor.id, on)
            if person is not None:
                return person
        return None

    def units_in_charge(self, person_id: int, on: date) -> list[Unit]:
        """Units this person runs on ``on`` (as manager with no acting stand-in, or as acting)."""
        return [u for u in self.iter_units() if self.manager_in_charge(u.id, on) == person_id]

    def units_managed(self, person_id: int, on: date) -> list[Unit]:
        """Units where the person is manager or acting manager on ``on`` (even if stood in for)."""
        return [
            u
            for u in self.iter_units()
            if person_id in {self.manager(u.id, on), self.acting_manager(u.id, on)}
        ]

    def is_leader(self, person_id: int, on: date) -> bool:
        return any(self.has_children(u.id) for u in self.units_in_charge(person_id, on))

    def led_subtree_roots(self, person_id: int, on: date) -> list[Unit]:
        """Top-most units this person runs (their summaries cover these subtrees)."""
        mine = {u.id for u in self.units_in_charge(person_id, on)}
        return [
            self.units[i]
            for i in mine
            if not any(a.id in mine for a in self.ancestors(i))
        ]

    def may_view(self, person_id: int, unit_id: int, on: date, *, is_admin: bool = False) -> bool:
        """Leaders see their own subtree; admins see everything."""
        if is_admin:
            return True
        return any(
            self.is_in_subtree(unit_id, root.id)
            for root in self.units_managed(person_id, on)
        )

    def report_permission(
        self, person_id: int, unit_id: int, on: date, *, is_admin: bool = False
    ) -> ReportPermission:
        """Who may act for a unit (report, update its decisions): the person
        :meth:`responsible` names, or an admin on behalf. While someone else is acting
        the ordinary manager only reads (:meth:`stood_in_by`)."""
        if unit_id not in self.units:
            return ReportPermission(False)
        charge = self.responsible(unit_id, on)
        if charge is not None and charge.person_id == person_id:
            return ReportPermission(True, charge.role)
        if is_admin:
            return ReportPermission(True, ReportRole.ADMIN)
        return ReportPermission(False)


def find_cycle(parents: dict[str, str | None]) -> list[str] | None:
    """Return the codes of a cycle in a code → parent-code mapping, if any."""
    state: dict[str, int] = {}
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parents:
            if state.get(node) == 2:
                break
            if node in path:
                return [*path[path.index(node):], node]
            path.append(node)
            node = parents[node]
        for p in path:
            state[p] = 2
    return None
