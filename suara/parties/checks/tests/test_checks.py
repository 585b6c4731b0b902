"""Every reason code of the membership checks, set by the set-based checks, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from suara.audit.models import AuditEvent
from suara.parties.checks.services import check_date_of, members_check
from suara.parties.checks.tests.support import listing, nik_of, voter
from suara.parties.models import Member, OfficerNik, PartyCheck
from suara.parties.reasons import MemberReason as R
from suara.parties.signals import member_list_changed
from suara.voters.tms import DECEASED, MOVED

pytestmark = pytest.mark.django_db(transaction=False)
ON = date(2023, 6, 1)


def bits(member) -> int:
    member.refresh_from_db()
    return member.reasons


def test_a_plain_member_on_the_register_is_eligible(parties, pemilu_2024):
    m = listing(parties[1], nik_of(1))
    voter(m.nik)
    result = members_check(election=pemilu_2024, on_date=ON)
    m.refresh_from_db()
    assert (m.status, m.reasons) == ("MS", 0) and m.checked_at is not None
    assert (result.listings, result.eligible, result.double, result.changed) == (1, 1, 0, 1)
    assert PartyCheck.objects.get(party=parties[1]).eligible == 1
    event = AuditEvent.objects.get(action="parties.check")
    assert m.nik not in event.summary and "1 MS" in event.summary


def test_listed_twice_by_the_same_party(parties, pemilu_2024):
    a, b = listing(parties[1], nik_of(1)), listing(parties[1], nik_of(1))
    voter(a.nik)
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(a) == bits(b) == R.LISTED_TWICE
    assert Member.objects.get(pk=a.pk).status == "BMS"


def test_double_membership_is_seen_by_both_parties_and_not_by_a_third(parties, pemilu_2024):
    a, b, c = listing(parties[1], nik_of(1)), listing(parties[2], nik_of(1)), listing(parties[3], nik_of(2))
    voter(a.nik), voter(c.nik)
    result = members_check(election=pemilu_2024, on_date=ON)
    assert bits(a) == bits(b) == R.OTHER_PARTY and bits(c) == 0
    assert result.double == 2


def test_underage_unless_married_on_the_register(parties, pemilu_2024):
    young = date(2006, 6, 2)  # 16 on 1 June 2023, 17 the next day
    single = listing(parties[1], nik_of(1, young), birth_date=young)
    married = listing(parties[1], nik_of(2, young), birth_date=young)
    unregistered = listing(parties[1], nik_of(3, young), birth_date=young)
    of_age = listing(parties[1], nik_of(4, date(2006, 6, 1)), birth_date=date(2006, 6, 1))
    voter(single.nik, born=young, marital="B")
    voter(married.nik, born=young, marital="P")
    voter(of_age.nik, born=date(2006, 6, 1), marital="B")
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(single) == R.UNDERAGE
    assert bits(married) == 0
    assert bits(unregistered) == R.UNDERAGE | R.NOT_ON_REGISTER
    assert bits(of_age) == 0
    members_check(election=pemilu_2024, on_date=date(2023, 6, 2))
    assert bits(single) == 0


@pytest.mark.parametrize(
    "occupation", ["PNS", "Anggota TNI-AD", "P.O.L.R.I", "Kepala  Desa", "anggota KPPS", "PPPK guru", "Panwascam"]
)
def test_a_barred_occupation(parties, pemilu_2024, occupation):
    m = listing(parties[1], nik_of(1), occupation=occupation)
    voter(m.nik)
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(m) == R.BARRED_OCCUPATION


@pytest.mark.parametrize("occupation", ["Pensiunan PNS", "Purnawirawan TNI", "Petani", "Wiraswasta", ""])
def test_an_occupation_that_does_not_bar(parties, pemilu_2024, occupation):
    m = listing(parties[1], nik_of(1), occupation=occupation)
    voter(m.nik)
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(m) == 0


def test_on_the_officer_list(parties, pemilu_2024):
    m = listing(parties[1], nik_of(1))
    voter(m.nik)
    OfficerNik.objects.create(nik=m.nik, source="test", imported_at=m.added_at)
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(m) == R.ELECTION_OFFICER


def test_not_on_the_register_only_flags(parties, pemilu_2024):
    m = listing(parties[1], nik_of(1))
    members_check(election=pemilu_2024, on_date=ON)
    m.refresh_from_db()
    assert (m.reasons, m.status) == (R.NOT_ON_REGISTER, "MS")


def test_deceased_on_the_register_and_other_tms_codes(parties, pemilu_2024):
    dead, moved = listing(parties[1], nik_of(1)), listing(parties[1], nik_of(2))
    voter(dead.nik, status="tms", tms_code=DECEASED)
    voter(moved.nik, status="tms", tms_code=MOVED)
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(dead) == R.DECEASED and bits(moved) == 0


def test_removed_listings_are_not_checked_and_do_not_count(parties, pemilu_2024):
    a, b = listing(parties[1], nik_of(1)), listing(parties[2], nik_of(1))
    Member.objects.filter(pk=b.pk).update(removed_at=b.added_at, removed_reason="upload")
    voter(a.nik)
    members_check(election=pemilu_2024, on_date=ON)
    b.refresh_from_db()
    assert bits(a) == 0 and b.status == "" and b.checked_at is None


def test_a_second_run_changes_nothing(parties, pemilu_2024):
    listing(parties[1], nik_of(1)), listing(parties[2], nik_of(1))
    assert members_check(election=pemilu_2024, on_date=ON).changed == 2
    assert members_check(election=pemilu_2024, on_date=ON).changed == 0


def test_the_upload_signal_rechecks_the_party_and_the_others_sharing_niks(
    parties, pemilu_2024, django_capture_on_commit_callbacks
):
    a, b, c = listing(parties[1], nik_of(1)), listing(parties[2], nik_of(1)), listing(parties[3], nik_of(9))
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(b) & R.OTHER_PARTY
    # Party 1's upload removes the NIK: party 2's listing is no longer a double membership.
    Member.objects.filter(pk=a.pk).update(removed_at=a.added_at, removed_reason="upload", removed_version=2)
    d = listing(parties[1], nik_of(9), version=2)
    with django_capture_on_commit_callbacks(execute=True):
        member_list_changed.send(sender=None, party_id=parties[1].pk, version=2)
    assert not bits(b) & R.OTHER_PARTY
    assert bits(c) & R.OTHER_PARTY and bits(d) & R.OTHER_PARTY


def test_the_upload_check_reads_only_what_the_version_touched(parties, pemilu_2024, django_capture_on_commit_callbacks):
    from suara.voters.models import Voter

    kept, changed = listing(parties[1], nik_of(1)), listing(parties[1], nik_of(2))
    voter(kept.nik), voter(changed.nik)
    members_check(election=pemilu_2024, on_date=ON)
    assert Member.objects.get(pk=kept.pk).status == Member.objects.get(pk=changed.pk).status == "MS"
    Voter.objects.filter(nik=kept.nik).delete()  # the register changes under a listing the upload leaves alone
    # Version 2 adds a listing and changes one's details (a birth date that makes the person 16 on voting
    # day, the date the check after an upload uses once the campaign is past).
    young = date(2008, 1, 1)
    Member.objects.filter(pk=changed.pk).update(birth_date=young, checked_at=None)
    Voter.objects.filter(nik=changed.nik).update(birth_date=young, marital="B")  # never married
    added = listing(parties[1], nik_of(3), version=2)
    voter(added.nik)
    with django_capture_on_commit_callbacks(execute=True):
        member_list_changed.send(sender=None, party_id=parties[1].pk, version=2)
    assert Member.objects.get(pk=added.pk).status == "MS"
    assert bits(changed) & R.UNDERAGE and Member.objects.get(pk=changed.pk).checked_at is not None
    assert bits(kept) == 0  # untouched: its bits follow the register at the full check
    members_check(election=pemilu_2024, on_date=ON)
    assert bits(kept) & R.NOT_ON_REGISTER


def test_the_check_date_is_today_until_voting_day(pemilu_2024):
    assert check_date_of(pemilu_2024, today=date(2023, 1, 5)) == date(2023, 1, 5)
    assert check_date_of(pemilu_2024, today=date(2030, 1, 1)) == pemilu_2024.voting_day


def test_a_listing_by_a_party_of_another_election_is_no_double_membership(parties, pemilu_2024):
    """The duplicates' candidates are grouped over every election's listings; the bits count this one's."""
    from suara.elections.models import Election
    from suara.parties.models import Party

    other = Election.objects.create(
        slug="pemilu-2029", name="Pemilu 2029", name_en="2029 election", kind="pemilu", voting_day=date(2029, 2, 14)
    )
    elsewhere = Party.objects.create(
        election=other, number=1, code="partai-2029-1", name="Partai Lain", abbreviation="PL", kind="nasional"
    )
    here, there = listing(parties[1], nik_of(1)), listing(elsewhere, nik_of(1))
    voter(here.nik)
    members_check(election=pemilu_2024, on_date=ON)
    assert (bits(here), Member.objects.get(pk=here.pk).status) == (0, "MS")
    assert Member.objects.get(pk=there.pk).status == ""  # another election's listings are not checked
