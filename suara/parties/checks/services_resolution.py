"""The resolution of a double membership (a person listed by two parties or more): a party withdraws its
listing; a KPU kab/kota officer uploads the person's signed statement choosing one party, or denying
every one. Each decision is an officer's (``actor.officer()``), one transaction and one audit event, and
re-checks the person's remaining listings (``services.check_date_of``); summaries carry listing ids and
party numbers, never a NIK or a name.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.models import User
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.checks import engine
from suara.parties.checks.services import check_date_of
from suara.parties.checks.statements import statement_clean, statement_store
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Member, MembershipDecision, Party


def _listing(member_id) -> Member:
    member = (
        Member.objects.select_related("party__election").filter(pk=member_id).first()
        if isinstance(member_id, int) and not isinstance(member_id, bool) and member_id > 0
        else None
    )
    if member is None:
        raise NotFound(PartyErrorCode.LISTING_NOT_FOUND, "Data keanggotaan tidak ditemukan.", field="listing")
    return member


def _current_listings_of(member: Member) -> list[Member]:
    """Every current listing of the person in the election, locked for the decision."""
    return list(
        Member.objects.select_for_update()
        .select_related("party")
        .filter(nik=member.nik, party__election_id=member.party.election_id, removed_at__isnull=True)
        .order_by("party__number", "pk")
    )


def _require_double(member: Member, listings: list[Member]) -> None:
    if member.removed_at is not None or all(other.pk != member.pk for other in listings):
        raise Conflict(
            PartyErrorCode.LISTING_NOT_CURRENT, "Data keanggotaan ini sudah dihapus sebelumnya.", field="listing"
        )
    if len({other.party_id for other in listings}) < 2:
        raise Conflict(
            PartyErrorCode.NOT_DOUBLE_MEMBERSHIP,
            "Orang ini tidak (lagi) tercatat oleh partai lain: tidak ada keanggotaan ganda.",
            field="listing",
        )


def _remove(listings: list[Member], reason: str, now: datetime) -> int:
    ids = [listing.pk for listing in listings]
    return Member.objects.filter(pk__in=ids, removed_at__isnull=True).update(removed_at=now, removed_reason=reason)


def _recheck(member: Member, now: datetime) -> None:
    election = member.party.election
    engine.run_checks(
        election_id=election.pk,
        scope=engine.nik_scope(election.pk, member.nik),
        check_date=check_date_of(election),
        now=now,
    )


def party_operator_role(user: User, party: Party) -> str:
    return require(user, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, party.code)).value


def membership_withdraw(*, actor: Actor, listing_id: int) -> Member:
    """A party withdraws its listing of a person another party also lists (removed: withdrawn). Only the
    listing's own party; then the remaining listings are re-checked."""
    member = _listing(listing_id)
    try:
        role = party_operator_role(actor.officer(), member.party)
    except PermissionDenied:
        raise PermissionDenied(
            PartyErrorCode.LISTING_OTHER_PARTY, "Data keanggotaan ini milik partai lain.", field="listing"
        ) from None
    now = timezone.now()
    with service_transaction():
        listings = _current_listings_of(member)
        _require_double(member, listings)
        _remove([member], Member.Removal.WITHDRAWN, now)
        MembershipDecision.objects.create(
            kind=MembershipDecision.Kind.WITHDRAWN,
            nik=member.nik,
            removed=1,
            decided_by=actor.name,
            role=role,
            decided_at=now,
        )
        _recheck(member, now)
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.WITHDRAW,
            object_code=member.party.code,
            summary=f"Partai {member.party.number} menarik data keanggotaan #{member.pk} (keanggotaan ganda)",
        )
    member.refresh_from_db()
    return member


def _resolver_role(actor: Actor, listings: list[Member]) -> str:
    """A KPU kab/kota officer whose region holds one of the person's listings."""
    for listing in listings:
        if listing.kabkota_code:
            try:
                return require(actor.officer(), Action.RESOLVE_DOUBLE_MEMBERSHIP, listing.kabkota_code).value
            except PermissionDenied:
                continue
    raise PermissionDenied(
        PartyErrorCode.LISTING_OTHER_PARTY,
        "Anda tidak berwenang: tidak ada data keanggotaan orang ini di wilayah Anda.",
        field="listing",
    )


def _decide_with_statement(*, actor: Actor, listing_id: int, raw_statement: bytes | None, chosen_party_id: int | None):
    member = _listing(listing_id)
    statement = statement_clean(raw_statement)
    now = timezone.now()
    written = None
    try:
        with service_transaction():
            listings = _current_listings_of(member)
            role = _resolver_role(actor, [member, *listings])
            _require_double(member, listings)
            parties = {listing.party_id: listing.party for listing in listings}
            if chosen_party_id is None:
                removed, kept, kind = listings, None, MembershipDecision.Kind.DENIED
                reason, action = Member.Removal.DENIED, PartyAuditAction.STATEMENT_DENIED
            else:
                if chosen_party_id not in parties:
                    raise DomainError(
                        PartyErrorCode.CHOSEN_PARTY_INVALID,
                        "Partai yang dipilih bukan salah satu partai yang mencatat orang ini.",
                        field="party",
                    )
                removed = [listing for listing in listings if listing.party_id != chosen_party_id]
                kept = next(listing for listing in listings if listing.party_id == chosen_party_id)
                kind, reason, action = (
                    MembershipDecision.Kind.CHOSE,
                    Member.Removal.CHOSE_OTHER,
                    PartyAuditAction.STATEMENT_CHOSE,
                )
            count = _remove(removed, reason, now)
            written = statement_store(statement)
            MembershipDecision.objects.create(
                kind=kind,
                nik=member.nik,
                kept=kept,
                removed=count,
                statement_sha256=statement.sha256,
                statement_type=statement.content_type,
                decided_by=actor.name,
                role=role,
                decided_at=now,
            )
            if kept is not None:
                _recheck(member, now)
            chosen = f"memilih partai {parties[chosen_party_id].number}" if kept is not None else "menyangkal"
            audit_record(
                actor=actor,
                role=role,
                action=action,
                object_code=member.kabkota_code,
                summary=f"Surat pernyataan ({chosen}) atas data keanggotaan #{member.pk}: {count} data dihapus",
            )
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return kept, count


def membership_choose(*, actor: Actor, listing_id: int, party_id: int, statement: bytes | None) -> Member:
    """A KPU kab/kota officer uploads the person's signed statement choosing ``party_id``: every other
    party's listing of the person is removed (chose_other); the kept listing is re-checked."""
    if isinstance(party_id, bool) or not isinstance(party_id, int):
        raise DomainError(PartyErrorCode.CHOSEN_PARTY_INVALID, "Pilih partai.", field="party")
    kept, _ = _decide_with_statement(
        actor=actor, listing_id=listing_id, raw_statement=statement, chosen_party_id=party_id
    )
    kept.refresh_from_db()
    return kept


def membership_deny(*, actor: Actor, listing_id: int, statement: bytes | None) -> int:
    """A KPU kab/kota officer uploads the person's signed statement denying membership of every party that
    lists them: all their listings are removed (denied). Returns how many."""
    _, count = _decide_with_statement(actor=actor, listing_id=listing_id, raw_statement=statement, chosen_party_id=None)
    return count
