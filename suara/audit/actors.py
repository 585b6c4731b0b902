"""Who acts in a service: ``Actor``, the one type of every service's acting-user parameter
(``actor: Actor``, keyword-only like the service's other arguments).

- ``Actor.of(user)``: a signed-in officer (a page, the API, a job an officer started). The audit log
  names the officer's username; the service checks the officer's roles on ``actor.user`` and records the
  role it acted under.
- ``Actor.named(name)``: the command line or the system itself (``"system"``, a worker's name), trusted
  as it is: no roles are checked (the chain of command does not bind it) and none is recorded.

Services whose rule is an officer's role (a TPS's tally, a voter's record, a lock, a job) take
``actor: Actor`` too and ask ``actor.officer()`` for the user: no command runs them, so a named actor
there is a fault in the caller (TypeError), not a refusal. ``audit_record`` takes the Actor and records
its ``name``.

The type lives in audit, below every app that acts (the apps contract in pyproject.toml), so that
regions and elections, which may not import accounts, name their actors the same way. ``User`` is
imported for the type checker only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from suara.accounts.models import User


@dataclass(frozen=True, slots=True)
class Actor:
    name: str  # what the audit log records: the username, or the command's name
    user: User | None = None  # the signed-in officer; None for the command line and the system

    def __post_init__(self) -> None:
        if self.user is None and not self.name:
            raise ValueError("an actor without a user needs a name")

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(name=user.username, user=user)

    @classmethod
    def named(cls, name: str) -> Actor:
        return cls(name=name)

    def officer(self) -> User:
        """The signed-in user, for a service whose rule is an officer's role."""
        if self.user is None:
            raise TypeError(f"this service needs a signed-in officer, not {self.name!r}")
        return self.user


SYSTEM = Actor.named("system")
