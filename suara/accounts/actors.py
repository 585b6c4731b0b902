"""Who acts in a service: ``Actor``, a signed-in ``User`` (whose roles the service checks and records)
or a name for the command line and the system (``"system"``, a command's name), trusted as it is.
Services that only officers call take ``user: User``; those a command may also run take ``actor: Actor``.
The audit log stores ``actor_name``."""

from __future__ import annotations

from typing import TypeAlias

from suara.accounts.models import User

Actor: TypeAlias = User | str


def actor_name(actor: Actor) -> str:
    return actor if isinstance(actor, str) else actor.username
