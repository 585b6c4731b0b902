"""Writes of the parties themselves: loading the parties shipped as data (``data/``)."""

from __future__ import annotations

import json
from importlib import resources

from suara.accounts.roles import Scope, ScopeKind
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import DomainError
from suara.elections.models import Election
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Party

SHIPPED = ("parties-2024.json",)
_FIELDS = ("code", "name", "abbreviation", "kind", "province_code", "source")


def _refuse(message: str) -> DomainError:
    return DomainError(PartyErrorCode.PARTIES_DATA_INVALID, message)


def _checked(data: dict) -> list[dict]:
    """The parties of one data file as Party fields, or the whole file refused with the first problem."""
    rows, numbers, codes = [], set(), set()
    for entry in data.get("parties", []):
        number, code, kind = entry.get("number"), entry.get("code", ""), entry.get("kind")
        province = entry.get("province", "")
        if not isinstance(number, int) or not 1 <= number <= 99 or number in numbers:
            raise _refuse(f"nomor urut {number!r} tidak sah atau berulang")
        if not Scope(ScopeKind.PARTY, code).well_formed() or code in codes:
            raise _refuse(f"kode partai {code!r} tidak sah atau berulang")
        if kind not in Party.Kind.values or (kind == Party.Kind.LOCAL) != bool(province):
            raise _refuse(f"partai {code}: partai lokal (dan hanya partai lokal) memiliki provinsi")
        if not entry.get("name") or not entry.get("abbreviation"):
            raise _refuse(f"partai {code}: nama dan singkatan wajib diisi")
        numbers.add(number)
        codes.add(code)
        rows.append(
            {
                "number": number,
                "code": code,
                "name": entry["name"],
                "abbreviation": entry["abbreviation"],
                "kind": kind,
                "province_code": province,
                "source": data["source"],
            }
        )
    return rows


def _plan(election: Election, rows: list[dict]) -> list[Party]:
    """The parties to add or change so that the election has ``rows``."""
    existing = {party.number: party for party in Party.objects.filter(election=election)}
    plan = []
    for row in rows:
        party = existing.get(row["number"])
        if party is None:
            plan.append(Party(election=election, **row))
        elif any(getattr(party, field) != row[field] for field in _FIELDS):
            for field in _FIELDS:
                setattr(party, field, row[field])
            plan.append(party)
    return plan


def parties_load(*, actor: Actor, files: tuple[str, ...] = SHIPPED) -> dict[str, int]:
    """Loads the parties shipped as data into their elections (which ``load-elections`` made): adds the
    missing ones and updates changed names. Idempotent: a second run changes nothing and records nothing.
    Returns the parties added or changed per election."""
    plans: dict[str, list[Party]] = {}
    for name in files:
        data = json.loads(resources.files("suara.parties").joinpath("data", name).read_text(encoding="utf-8"))
        election = Election.objects.filter(slug=data.get("election", "")).first()
        if election is None:
            raise _refuse(f"pemilu {data.get('election')!r} belum dimuat (suara load-elections)")
        plans[election.slug] = _plan(election, _checked(data))
    changed = {slug: len(plan) for slug, plan in plans.items()}
    if not any(changed.values()):
        return changed
    with service_transaction():
        for plan in plans.values():
            for party in plan:
                party.save()
        audit_record(
            actor=actor,
            action=PartyAuditAction.LOAD,
            summary="; ".join(f"{slug}: {n} partai ditambah atau diubah" for slug, n in changed.items()),
        )
    return changed
