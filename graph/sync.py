"""What ``sync-people`` changes, decided from people and directory users (pure).

A person is matched by AAD object id first, then by e-mail against the directory's
``mail`` and ``userPrincipalName`` (case-insensitive). A person found gets the directory's
object id and display name; one not found, or whose account is disabled, is marked
``directory_missing`` (and un-marked when found again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.client import DirectoryUser


@dataclass(frozen=True)
class PersonIdentity:
    id: int
    email: str | None
    aad_object_id: str | None
    name: str
    directory_missing: bool


@dataclass(frozen=True)
class PersonChange:
    person_id: int
    aad_object_id: str | None  # new value, None = keep
    name: str | None  # new value, None = keep
    directory_missing: bool | None  # new value, None = keep

    @property
    def changes_anything(self) -> bool:
        return (self.aad_object_id, self.name, self.directory_missing) != (None, None, None)


@dataclass
class DirectoryIndex:
    by_id: dict[str, DirectoryUser]
    by_address: dict[str, DirectoryUser]

    @classmethod
    def build(cls, users: Iterable[DirectoryUser]) -> DirectoryIndex:
        by_id: dict[str, DirectoryUser] = {}
        by_address: dict[str, DirectoryUser] = {}
        for user in users:
            by_id[user.id.lower()] = user
            for address in (user.mail, user.user_principal_name):
                if address:
                    by_address.setdefault(address.lower(), user)
        return cls(by_id, by_address)

    def find(self, person: PersonIdentity) -> DirectoryUser | None:
        if person.aad_object_id and person.aad_object_id.lower() in self.by_id:
            return self.by_id[person.aad_object_id.lower()]
        if person.email:
            return self.by_address.get(person.email.lower())
        return None


def lookup_key(person: PersonIdentity) -> str | None:
    """What to ask Graph for directly when the listing did not contain the person."""
    return person.aad_object_id or person.email


def plan_change(person: PersonIdentity, user: DirectoryUser | None) -> PersonChange:
    if user is None or not user.account_enabled:
        return PersonChange(person.id, None, None, True if not person.directory_missing else None)
    new_id = user.id if (person.aad_object_id or "").lower() != user.id.lower() else None
    new_name = user.display_name if user.display_name and user.display_name != person.name \
        else None
    missing = False if person.directory_missing else None
    return PersonChange(person.id, new_id, new_name, missing)


def plan_changes(people: Iterable[PersonIdentity],
                 found: Mapping[int, DirectoryUser | None]) -> list[PersonChange]:
    return [plan_change(p, found.get(p.id)) for p in people]
