"""Writes of the membership checks: running the checks (an election, a party after its upload, a NIK
after a decision), the officer NIK list and the population figures imported, and the resolution of a
double membership (a party withdraws its listing; a KPU kab/kota officer uploads the person's signed
statement choosing one party, or denying both). Each is one transaction and one audit event; summaries
carry counts and codes, never a NIK or a name. ``membership_of`` is the read other apps call.

The check date: age is reckoned on the day the check runs (``core.clock.today``), or on the election's
voting day once that has passed (a re-check after the election judges as of the election).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.models import User
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.audit.actors import SYSTEM, Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.elections.models import Election
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.checks import engine
from suara.parties.checks.statements import statement_clean, statement_store
from suara.parties.errors import PartyErrorCode
from suara.parties.models import KabkotaPopulation, Member, MembershipDecision, OfficerNik, Party, PartyCheck
from suara.parties.reasons import MemberReason
from suara.people.nik import NIK_LENGTH

MAX_SOURCE = 300
MAX_DETAILS = 100  # refused lines listed in an error, at most


def check_date_of(election: Election, *, today: date | None = None) -> date:
    today = today or clock.today()
    return min(today, election.voting_day)


@dataclass(frozen=True)
class CheckResult:
    changed: int
    listings: int
    eligible: int
    double: int
    check_date: date


def _record_party_checks(election: Election, party_ids: list[int] | None, check_date: date, now: datetime) -> dict:
    current = Member.objects.filter(removed_at__isnull=True, party__election=election)
    if party_ids is not None:
        current = current.filter(party_id__in=party_ids)
    counts = current.values("party_id").annotate(
        n=Count("id"),
        ms=Count("id", filter=Q(status=Member.Status.ELIGIBLE)),
        # The double-membership bit: any bits value with it set (bits are few: 7).
        double=Count("id", filter=Q(reasons__in=[b for b in range(128) if b & MemberReason.OTHER_PARTY])),
    )
    totals = {"listings": 0, "eligible": 0, "double": 0}
    seen = set()
    for row in counts:
        seen.add(row["party_id"])
        PartyCheck.objects.update_or_create(
            party_id=row["party_id"],
            defaults={
                "checked_at": now,
                "check_date": check_date,
                "listings": row["n"],
                "eligible": row["ms"],
                "double": row["double"],
            },
        )
        totals["listings"] += row["n"]
        totals["eligible"] += row["ms"]
        totals["double"] += row["double"]
    for party_id in party_ids if party_ids is not None else election.parties.values_list("id", flat=True):
        if party_id not in seen:
            PartyCheck.objects.update_or_create(
                party_id=party_id,
                defaults={"checked_at": now, "check_date": check_date, "listings": 0, "eligible": 0, "double": 0},
            )
    return totals


def members_check(
    *,
    election: Election,
    party: Party | None = None,
    actor: Actor = SYSTEM,
    role: str = "",
    on_date: date | None = None,
) -> CheckResult:
    """Checks every current listing of the election, or of one party (and the other parties' listings of
    the NIKs it lists or listed, whose double-membership bit may change). One audit event."""
    check_date = on_date or check_date_of(election)
    now = timezone.now()
    with service_transaction():
        scope = engine.party_scope(election.pk, party.pk) if party is not None else engine.election_scope(election.pk)
        changed = engine.run_checks(election_id=election.pk, scope=scope, check_date=check_date, now=now)
        touched = None
        if party is not None:
            touched = sorted(
                set(
                    Member.objects.filter(
                        removed_at__isnull=True,
                        party__election=election,
                        nik__in=Member.objects.filter(party=party).values("nik"),
                    )
                    .values_list("party_id", flat=True)
                    .distinct()
                )
                | {party.pk}
            )
        totals = _record_party_checks(election, touched, check_date, now)
        where = f"partai {party.number}" if party is not None else "seluruh partai"
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.CHECK,
            object_code=party.code if party is not None else election.slug,
            summary=(
                f"Pemeriksaan keanggotaan {election.slug}, {where}, per {check_date.isoformat()}: "
                f"{totals['listings']} anggota, {totals['eligible']} MS, {totals['double']} ganda, "
                f"{changed} berubah"
            ),
        )
    return CheckResult(changed, totals["listings"], totals["eligible"], totals["double"], check_date)


def member_list_changed_receiver(sender, *, party_id: int, version=None, **kwargs) -> None:
    """After an upload: re-check the party (and the double-membership bits of the parties sharing NIKs
    with it) once the upload has committed, so that a failed check never undoes an upload."""

    def run() -> None:
        party = Party.objects.select_related("election").get(pk=party_id)
        members_check(election=party.election, party=party)

    transaction.on_commit(run)


# The officer NIK list and the population figures (KPU RI).


def _source(source: str) -> str:
    source = (source or "").strip()
    if not 1 <= len(source) <= MAX_SOURCE:
        raise DomainError(
            PartyErrorCode.SOURCE_REQUIRED, f"Sebutkan sumber data (1-{MAX_SOURCE} karakter).", field="source"
        )
    return source


def _rows(data: bytes, code: PartyErrorCode) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(code, "Berkas harus CSV berenkode UTF-8.", field="file") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise DomainError(code, "Berkas kosong atau tanpa baris judul kolom.", field="file")
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    return list(reader)


def _authorize_national(actor: Actor, action: Action) -> str:
    """The role a KPU RI officer acts under ('' for the command line, trusted as it is)."""
    if actor.user is None:
        return ""
    return require(actor.user, action, "").value


def _refuse_lines(code: PartyErrorCode, problems: list[dict], message: str) -> DomainError:
    return DomainError(code, message, field="file", details=problems[:MAX_DETAILS])


def officer_niks_import(*, data: bytes, source: str, actor: Actor) -> int:
    """Replaces the list of election officers' and KPU staff's NIKs with a CSV's (column ``nik``); refused
    whole when a line is bad (each line and its problem listed, never the value). KPU RI (or the command
    line). Returns the number of NIKs. The listings' bits follow at the next check."""
    role = _authorize_national(actor, Action.MANAGE_ELECTION)
    source = _source(source)
    rows = _rows(data, PartyErrorCode.OFFICER_FILE_INVALID)
    if rows and "nik" not in rows[0]:
        raise DomainError(PartyErrorCode.OFFICER_FILE_INVALID, "Berkas harus memiliki kolom nik.", field="file")
    niks, problems = set(), []
    for line, row in enumerate(rows, start=2):
        nik = (row.get("nik") or "").strip()
        if len(nik) != NIK_LENGTH or not (nik.isascii() and nik.isdigit()):
            problems.append({"line": line, "problem": "nik_invalid"})
            continue
        niks.add(nik)
    if problems:
        raise _refuse_lines(
            PartyErrorCode.OFFICER_FILE_INVALID, problems, f"{len(problems)} baris berisi NIK yang tidak sah."
        )
    now = timezone.now()
    with service_transaction():
        OfficerNik.objects.all().delete()
        OfficerNik.objects.bulk_create(
            [OfficerNik(nik=nik, source=source, imported_at=now) for nik in sorted(niks)], batch_size=5000
        )
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.OFFICERS_IMPORT,
            summary=f"Daftar NIK penyelenggara pemilu dan staf KPU diganti: {len(niks)} NIK (sumber: {source})",
        )
    return len(niks)


def population_import(*, data: bytes, source: str, actor: Actor) -> int:
    """Imports population figures per kab/kota from a CSV (columns ``kabkota``, ``population``, ``year``),
    each stored with the source named; a kab/kota's figure replaces its earlier one. Refused whole when a
    line is bad. KPU RI (or the command line). Returns the number of figures."""
    role = _authorize_national(actor, Action.MANAGE_ELECTION)
    source = _source(source)
    rows = _rows(data, PartyErrorCode.POPULATION_FILE_INVALID)
    if rows and not {"kabkota", "population", "year"} <= set(rows[0]):
        raise DomainError(
            PartyErrorCode.POPULATION_FILE_INVALID,
            "Berkas harus memiliki kolom kabkota, population dan year.",
            field="file",
        )
    figures, problems = {}, []
    for line, row in enumerate(rows, start=2):
        code = (row.get("kabkota") or "").strip()
        population = (row.get("population") or "").strip().replace(".", "").replace(",", "")
        year = (row.get("year") or "").strip()
        if len(code) != 4 or not (code.isascii() and code.isdigit()):
            problems.append({"line": line, "problem": "kabkota_invalid"})
        elif not (population.isascii() and population.isdigit()) or int(population) > 100_000_000:
            problems.append({"line": line, "problem": "population_invalid"})
        elif not (year.isascii() and year.isdigit() and 1945 <= int(year) <= 2100):
            problems.append({"line": line, "problem": "year_invalid"})
        elif code in figures:
            problems.append({"line": line, "problem": "kabkota_twice"})
        else:
            figures[code] = (int(population), int(year))
    if problems:
        raise _refuse_lines(
            PartyErrorCode.POPULATION_FILE_INVALID,
            problems,
            f"{len(problems)} baris tidak sah; tidak ada yang disimpan.",
        )
    now = timezone.now()
    with service_transaction():
        KabkotaPopulation.objects.filter(kabkota_code__in=figures).delete()
        KabkotaPopulation.objects.bulk_create(
            [
                KabkotaPopulation(kabkota_code=code, population=pop, year=year, source=source, imported_at=now)
                for code, (pop, year) in sorted(figures.items())
            ]
        )
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.POPULATION_IMPORT,
            summary=f"Jumlah penduduk {len(figures)} kabupaten/kota diimpor (sumber: {source})",
        )
    return len(figures)


# Double memberships and their resolution.


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


# For other apps (officer recruitment: the five-year rule).


@dataclass(frozen=True)
class Listing:
    party_code: str
    party_name: str
    election: str
    since: datetime
    status: str  # "", MS or BMS
    removed_at: datetime | None


@dataclass(frozen=True)
class Membership:
    current: list[Listing]
    past: list[Listing]

    def left_at_least(self, years: int, on_date: date) -> bool:
        """True when the person is listed by no party now and every past listing ended at least ``years``
        years before ``on_date`` (true for someone never listed)."""
        if self.current:
            return False
        cutoff = _years_before(on_date, years)
        return all(timezone.localdate(listing.removed_at) <= cutoff for listing in self.past)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def membership_of(nik: str) -> Membership:
    """A person's party listings, every election: current ones (party, since, status) and past ones with
    when they were removed. Nothing logged; an invalid NIK simply has no listings."""
    rows = (
        Member.objects.filter(nik=nik)
        .select_related("party__election")
        .order_by("added_at", "pk")
        .only("added_at", "status", "removed_at", "party__code", "party__name", "party__election__slug")
        if isinstance(nik, str) and len(nik) == NIK_LENGTH
        else []
    )
    current, past = [], []
    for row in rows:
        listing = Listing(
            row.party.code, row.party.name, row.party.election.slug, row.added_at, row.status, row.removed_at
        )
        (current if row.removed_at is None else past).append(listing)
    return Membership(current, past)


def left_at_least(nik: str, years: int, on_date: date) -> bool:
    """Whether the person is listed by no party and left every party at least ``years`` years before
    ``on_date`` (the five-year rule of election officers)."""
    return membership_of(nik).left_at_least(years, on_date)
