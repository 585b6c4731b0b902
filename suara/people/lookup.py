"""A public "am I listed?" check by NIK and name that never confirms that a NIK exists: cek DPT's pattern,
for any register of people (voters, party members, officers).

The answer is a hit only when the NIK is on the register, the name given has the stored name key and the
register's own rule accepts the row (``answer`` returns something); every other case gets the one constant
``miss`` answer, so the bytes cannot differ. The work is the same in every case: ``find`` is one query that
reads the subject's row when the NIK is listed and a stand-in row otherwise (``Candidate.found`` says
which), and the name is compared once, in constant time, against the key of whichever row came back.

Requests are limited twice, in the shared ``core.ratelimit`` table. Per client (``client_rate_setting``
lookups a minute per keyed hash of the address; over the API an integrator's key is limited by its own
rate instead, which ``api_gate`` counts), before anything else, malformed lookups included. Per subject
(``subject_rate_setting`` lookups of one NIK per ``subject_rate_period`` seconds, whoever asks, counted
under a keyed hash of the NIK for every well-formed NIK whether or not it is listed), so guessing names for
one NIK is slow from any number of addresses. The name is what protects the register. Nothing here logs;
errors never repeat the NIK or the name; callers take the NIK from a request body, never from a URL.

A lookup is served the same way for every register, by the modules beside this one: its API answer
(``PrivateLookup.api_answer``, shared by the NinjaAPI's operation and the fast path), the operation's input
and client count (``lookup_api``), the fast-path handler (``lookup_fast``, declared in the app's
``fastroutes.py``) and the page (``lookup_pages``, with the one template ``core/private_lookup.html``). A
register gives only its query, its answer type (with ``as_dict``, the API's body) and its page's texts.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from suara.accounts.api_auth import client_key, request_token
from suara.accounts.roles import Role
from suara.core import answers, caches
from suara.core.errors import DomainError, RateLimited
from suara.core.ratelimit import rate_check
from suara.people.errors import PeopleErrorCode
from suara.people.names import name_key
from suara.people.nik import NIK_LENGTH

NAME_MAX_LENGTH = 150
# Compared against when nothing came back (an empty register), so every path compares a key.
ABSENT_KEY = "\x00absent"


class LookupAnswer(Protocol):
    def as_dict(self) -> dict:
        """The API's JSON body."""
        ...


Row = TypeVar("Row")
Answer = TypeVar("Answer", bound=LookupAnswer)


@dataclass(frozen=True)
class Candidate(Generic[Row]):
    """What ``find`` read: the subject's row (``found``) or a stand-in's, with that row's name key."""

    found: bool
    name_key: str
    row: Row


class NikRateLimited(RateLimited):
    """Too many lookups of one NIK, whoever asked. Said alike whether or not the NIK is listed."""

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        DomainError.__init__(
            self, PeopleErrorCode.NIK_RATE_LIMITED, f"NIK ini terlalu sering dicari. Coba lagi dalam {minutes} menit."
        )
        self.retry_after = retry_after


def names_match(given: str, stored_key: str) -> bool:
    """Whether the name given has the stored name key, in constant time."""
    return hmac.compare_digest(name_key(given).encode(), stored_key.encode())


def lookup_clean(nik: object, nama: object) -> tuple[str, str]:
    """A lookup's NIK and name, or DomainError naming what is malformed (never repeating it)."""
    nik = nik.strip() if isinstance(nik, str) else ""
    if not (len(nik) == NIK_LENGTH and nik.isascii() and nik.isdigit()):
        raise DomainError(PeopleErrorCode.INVALID_NIK, "NIK harus berupa 16 digit angka.", field="nik")
    nama = nama.strip() if isinstance(nama, str) else ""
    if not nama:
        raise DomainError(PeopleErrorCode.NAME_REQUIRED, "Nama lengkap wajib diisi, sesuai KTP-el.", field="nama")
    if len(nama) > NAME_MAX_LENGTH:
        raise DomainError(PeopleErrorCode.NAME_TOO_LONG, f"Nama paling panjang {NAME_MAX_LENGTH} huruf.", field="nama")
    return nik, nama


# token id -> (monotonic time checked, is an integrator's). Roles change rarely; a key's requests come fast.
_integrator_seen: dict[int, tuple[float, bool]] = {}
caches.register("people.lookup_integrators", _integrator_seen.clear)


def _is_integrator(token) -> bool:
    """Whether the token's account has the integrator role, asked at most every
    ``SUARA_INTEGRATOR_CACHE_SECONDS`` per process. Only which limit applies rides on it; the token itself
    is checked on every request."""
    keep = settings.SUARA_INTEGRATOR_CACHE_SECONDS
    now = time.monotonic()
    seen = _integrator_seen.get(token.pk)
    if seen is not None and now - seen[0] < keep:
        return seen[1]
    answer = token.user.assignments.filter(role=Role.INTEGRATOR.value).exists()
    if keep:
        _integrator_seen[token.pk] = (now, answer)
    return answer


class PrivateLookup(Generic[Row, Answer]):
    """One register's private check. A subclass names its limits and gives ``find`` and ``answer``.

    ``rate_key`` prefixes its rate-table keys and keys the NIK's hash, so two lookups count apart."""

    rate_key: str
    client_rate_setting: str  # lookups a minute per client address
    subject_rate_setting: str  # lookups of one NIK per ``subject_rate_period``, whoever asks
    subject_rate_period: int = 3600
    miss: Answer  # the one answer for an unknown NIK, a wrong name, and a row the register does not accept

    def find(self, nik: str) -> Candidate[Row] | None:
        """One query: the row listed under ``nik`` (found), or a stand-in row read at the same cost (not
        found); None only when the register is empty."""
        raise NotImplementedError

    def answer(self, row: Row) -> Answer | None:
        """The hit for the subject's own row whose name matched, or None when the register does not accept
        it (a voter marked TMS): then the lookup answers ``miss``."""
        raise NotImplementedError

    def match(self, given: str, stored_key: str) -> bool:
        return names_match(given, stored_key)

    def lookup(self, *, nik: str, nama: str) -> Answer:
        """The answer for a clean lookup (``lookup_clean``), after the same work whatever it is."""
        candidate = self.find(nik)
        matches = self.match(nama, candidate.name_key if candidate is not None else ABSENT_KEY)
        if candidate is None or not candidate.found or not matches:
            return self.miss
        hit = self.answer(candidate.row)
        return self.miss if hit is None else hit

    def api_answer(self, request: HttpRequest, nik: object, nama: object) -> HttpResponse:
        """The API's answer to a lookup once ``api_gate`` and the client's count (``count_client``) let it
        through: the same for the NinjaAPI's operation and the fast path. Refusals are raised, for
        ``core.answers``."""
        nik, nama = lookup_clean(nik, nama)
        self.count_subject(nik)
        response = answers.json_answer(self.lookup(nik=nik, nama=nama).as_dict())
        response["Cache-Control"] = "no-store"
        return response

    def count_client(self, request: HttpRequest, *, api: bool) -> None:
        """Counts one lookup against the client's limit; RateLimited past it. Over the API an integrator's
        key stands in for the address; a page always counts the address."""
        token = request_token(request) if api else None
        if token is not None and _is_integrator(token):
            return  # the key's own rate, counted by api_gate for every request it makes
        rate_check(f"{self.rate_key}:addr:{client_key(request)}", getattr(settings, self.client_rate_setting))

    def count_subject(self, nik: str) -> None:
        """Counts one lookup of a clean NIK; NikRateLimited past the limit. Counted under a keyed hash of the
        NIK, so the rate table never holds a NIK."""
        message = f"{self.rate_key}-nik:{nik}".encode()
        digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]
        try:
            rate_check(
                f"{self.rate_key}:nik:{digest}",
                getattr(settings, self.subject_rate_setting),
                period=self.subject_rate_period,
            )
        except RateLimited as exc:
            raise NikRateLimited(exc.retry_after) from None
