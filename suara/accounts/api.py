"""Officers' accounts over the v1 API, by the chain of command: create (with a one-time activation code,
shown once), create for every TPS/desa/kecamatan of a region at once, list by region, suspend,
reactivate, reset the password through a new one-time code, revoke the tokens, give and take roles; and
an officer's activation with their code. Token required except for activation; the services decide who
may (``accounts.provisioning``). Accounts are named by their numeric id in URLs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.paginator import Paginator
from ninja import Field, Path, Query, Router, Schema
from pydantic import WithJsonSchema

from suara.accounts import provisioning
from suara.accounts.activation import activation_rate_check
from suara.accounts.api_auth import TOKEN_AUTH
from suara.accounts.bulk import BulkOutcome, accounts_bulk_create, accounts_bulk_reissue
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import User
from suara.accounts.roles import ROLE_LABELS, Role
from suara.core.errors import NotFound
from suara.core.schemas import ERRORS, Error

router = Router(tags=["akun"])

WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
PAGE_SIZE = 100
MAX_ID = 2**63 - 1
# Typed loosely so that a number or null reaches the service's own check and comes back with its code.
LooseText = Annotated[Any, WithJsonSchema({"type": "string"})]
ROLE_DOC = "peran: " + ", ".join(r.value for r in Role)


class RoleOut(Schema):
    id: int = Field(description="pengenal penugasan, untuk mencabutnya")
    role: str
    label: str
    scope: str = Field(description="kode wilayah, kode TPS (KPPS), kode partai (operator partai); kosong: nasional")


class AccountOut(Schema):
    id: int
    username: str
    full_name: str
    status: str = Field(description="`active`, `pending` (menunggu aktivasi) atau `suspended`")
    roles: list[RoleOut]
    live_tokens: int | None = Field(None, description="token API yang berlaku (hanya pada satu akun)")


class AccountPage(Schema):
    count: int
    page: int
    pages: int
    accounts: list[AccountOut]


class CodeOut(Schema):
    account: AccountOut
    activation_code: str = Field(description="kode sekali pakai, hanya ditampilkan sekali ini")
    expires_at: datetime


class AccountIn(Schema):
    username: LooseText = Field("", description="3–50 karakter: huruf kecil, angka, titik, _ atau -")
    role: LooseText = Field("", description=ROLE_DOC)
    scope: LooseText = Field(
        "", description="kode wilayah (kode TPS untuk KPPS; kode partai untuk operator partai; kosong untuk nasional)"
    )
    full_name: LooseText = Field("", description="nama petugas (boleh kosong)")


class BulkIn(Schema):
    role: LooseText = Field("", description="kpps, pps, ppk, kpu_kabkota atau kpu_provinsi")
    region: LooseText = Field("", description="wilayah: satu akun per TPS (atau desa, kecamatan ...) di bawahnya")


class BulkCodeOut(Schema):
    id: int
    username: str
    scope: str
    activation_code: str


class BulkOut(Schema):
    role: str
    region: str
    skipped: int = Field(description="unit yang sudah memiliki akun dengan peran ini")
    expires_at: datetime | None
    created: list[BulkCodeOut]


class RoleIn(Schema):
    role: LooseText = Field("", description=ROLE_DOC)
    scope: LooseText = Field("", description="kode wilayah, TPS, partai atau organisasi")


class RevokedOut(Schema):
    revoked: int


class ActivateIn(Schema):
    username: LooseText = Field("")
    code: LooseText = Field("", description="kode sekali pakai dari lembar aktivasi, mis. ABCDE-FGHJK")
    password: LooseText = Field("", description="sandi baru, minimal 10 karakter")


class ActivatedOut(Schema):
    username: str
    activated: bool


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def account_out(user: User, *, with_tokens: bool = False) -> dict:
    roles = sorted(user.assignments.all(), key=lambda a: (a.role, a.scope))
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.first_name,
        "status": provisioning.account_status(user),
        "roles": [{"id": a.pk, "role": a.role, "label": ROLE_LABELS[Role(a.role)], "scope": a.scope} for a in roles],
        "live_tokens": user.api_tokens.filter(revoked_at__isnull=True).count() if with_tokens else None,
    }


def _managed(request, account_id: int) -> User:
    user = User.objects.filter(pk=account_id).prefetch_related("assignments").first()
    if user is None:
        raise NotFound(AccountErrorCode.ACCOUNT_NOT_FOUND, "Akun tidak ditemukan.", field="id")
    provisioning.actor_may_manage(request.auth.user, user)
    return user


AccountId = Path(..., ge=1, le=MAX_ID, description="pengenal akun")


@router.get("/accounts", auth=TOKEN_AUTH, response={200: AccountPage, **ERRORS}, summary="Akun petugas di satu wilayah")
def accounts_list(
    request,
    region: str = Query("", max_length=13, description="kode wilayah; kosong: seluruh cakupan Anda"),
    page: int = Query(1, ge=1, le=100_000),
):
    """Akun yang Anda buat menurut rantai komando (mis. PPS: KPPS di desanya), berperan di bawah wilayah
    itu, urut nama pengguna, 100 per halaman. 400: `invalid_region_code`."""
    paginator = Paginator(provisioning.accounts_in_region(actor=request.auth.user, region=region), PAGE_SIZE)
    number = min(page, max(paginator.num_pages, 1))
    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "accounts": [account_out(u) for u in paginator.page(number)],
    }


@router.post("/accounts", auth=TOKEN_AUTH, response={200: CodeOut, **WRITE_ERRORS}, summary="Buat akun petugas")
def account_create(request, payload: AccountIn):
    """Tanpa sandi: petugasnya memilih sandi sendiri di `/aktivasi/` dengan kode sekali pakai yang
    dikembalikan di sini (hanya sekali). 403: `forbidden` (peran atau wilayah di luar rantai komando Anda).
    400: `invalid_username`, `unknown_role`, `invalid_scope`, `unknown_scope`. 409: `username_taken`."""
    user, issued = provisioning.account_create(
        actor=request.auth.user,
        username=_text(payload.username),
        role=_text(payload.role),
        scope=_text(payload.scope),
        full_name=_text(payload.full_name),
    )
    return {"account": account_out(user), "activation_code": issued.code, "expires_at": issued.expires_at}


@router.post(
    "/accounts/bulk", auth=TOKEN_AUTH, response={200: BulkOut, **WRITE_ERRORS}, summary="Akun untuk semua TPS/desa"
)
def accounts_bulk(request, payload: BulkIn):
    """Satu akun untuk setiap TPS (KPPS), desa (PPS), kecamatan (PPK) ... di bawah wilayah itu yang belum
    memilikinya, masing-masing dengan kode aktivasi (hanya ditampilkan sekali). Satu peristiwa audit.
    403: `forbidden`. 400: `unknown_role`, `bulk_role_unsupported`, `invalid_region_code`, `unknown_scope`."""
    outcome = accounts_bulk_create(actor=request.auth.user, role=_text(payload.role), region=payload.region)
    return _bulk_out(outcome)


@router.post(
    "/accounts/bulk/reissue",
    auth=TOKEN_AUTH,
    response={200: BulkOut, **WRITE_ERRORS},
    summary="Kode baru untuk akun yang belum aktif",
)
def accounts_bulk_reissue_codes(request, payload: BulkIn):
    """Kode aktivasi baru untuk akun peran itu di bawah wilayah itu yang belum pernah diaktifkan (lembar
    hilang); kode lamanya tidak berlaku lagi. 403: `forbidden`. 409: `nothing_to_reissue`."""
    outcome = accounts_bulk_reissue(actor=request.auth.user, role=_text(payload.role), region=payload.region)
    return _bulk_out(outcome)


def _bulk_out(outcome: BulkOutcome) -> dict:
    created = [
        {"id": c.user_id, "username": c.username, "scope": c.scope, "activation_code": c.code} for c in outcome.created
    ]
    expires = outcome.created[0].expires_at if outcome.created else None
    return {
        "role": outcome.role.value,
        "region": outcome.region,
        "skipped": outcome.skipped,
        "expires_at": expires,
        "created": created,
    }


@router.get(
    "/accounts/{int:account_id}", auth=TOKEN_AUTH, response={200: AccountOut, **WRITE_ERRORS}, summary="Satu akun"
)
def account_detail(request, account_id: int = AccountId):
    """Hanya akun yang Anda kelola. 403: `forbidden`. 404: `account_not_found`."""
    return account_out(_managed(request, account_id), with_tokens=True)


@router.post(
    "/accounts/{int:account_id}/suspend",
    auth=TOKEN_AUTH,
    response={200: AccountOut, **WRITE_ERRORS},
    summary="Tangguhkan",
)
def account_suspend(request, account_id: int = AccountId):
    """Masuk ditolak, sesi berakhir, token berhenti berlaku (dalam beberapa detik di semua proses).
    409: `already_suspended`, `cannot_suspend_self`."""
    user = _managed(request, account_id)
    provisioning.account_suspend(actor=request.auth.user, user=user)
    return account_out(user, with_tokens=True)


@router.post(
    "/accounts/{int:account_id}/reactivate",
    auth=TOKEN_AUTH,
    response={200: AccountOut, **WRITE_ERRORS},
    summary="Aktifkan kembali",
)
def account_reactivate(request, account_id: int = AccountId):
    """409: `not_suspended`."""
    user = _managed(request, account_id)
    provisioning.account_reactivate(actor=request.auth.user, user=user)
    return account_out(user, with_tokens=True)


@router.post(
    "/accounts/{int:account_id}/reset",
    auth=TOKEN_AUTH,
    response={200: CodeOut, **WRITE_ERRORS},
    summary="Atur ulang sandi",
)
def account_reset(request, account_id: int = AccountId):
    """Sandi lama tidak berlaku lagi (semua sesi berakhir); kode sekali pakai baru dikembalikan sekali ini."""
    user = _managed(request, account_id)
    issued = provisioning.account_reset(actor=request.auth.user, user=user)
    return {"account": account_out(user), "activation_code": issued.code, "expires_at": issued.expires_at}


@router.post(
    "/accounts/{int:account_id}/revoke-tokens",
    auth=TOKEN_AUTH,
    response={200: RevokedOut, **WRITE_ERRORS},
    summary="Cabut semua token akun",
)
def account_revoke_tokens(request, account_id: int = AccountId):
    """409: `no_live_tokens`."""
    user = _managed(request, account_id)
    return {"revoked": provisioning.account_tokens_revoke(actor=request.auth.user, user=user)}


@router.post(
    "/accounts/{int:account_id}/roles",
    auth=TOKEN_AUTH,
    response={200: AccountOut, **WRITE_ERRORS},
    summary="Beri peran",
)
def account_role_add(request, payload: RoleIn, account_id: int = AccountId):
    """Peran yang Anda berikan menurut rantai komando, pada akun yang Anda kelola. 409: `already_assigned`."""
    user = _managed(request, account_id)
    provisioning.account_role_add(
        actor=request.auth.user, user=user, role=_text(payload.role), scope=_text(payload.scope)
    )
    return account_out(User.objects.prefetch_related("assignments").get(pk=user.pk), with_tokens=True)


@router.delete(
    "/accounts/{int:account_id}/roles/{int:assignment_id}",
    auth=TOKEN_AUTH,
    response={200: AccountOut, **WRITE_ERRORS},
    summary="Cabut peran",
)
def account_role_remove(
    request, account_id: int = AccountId, assignment_id: int = Path(..., ge=1, le=MAX_ID, description="penugasan")
):
    """404: `assignment_not_found`. 409: `last_role` (tangguhkan akunnya)."""
    user = _managed(request, account_id)
    provisioning.account_role_remove(actor=request.auth.user, user=user, assignment_id=assignment_id)
    return account_out(User.objects.prefetch_related("assignments").get(pk=user.pk), with_tokens=True)


@router.post("/accounts/activate", response={200: ActivatedOut, **WRITE_ERRORS}, summary="Aktivasi akun dengan kode")
def account_activate(request, payload: ActivateIn):
    """Untuk petugas: nama pengguna, kode sekali pakai dari lembar aktivasi (atau dari atasan setelah atur
    ulang) dan sandi baru. Setelah itu masuk seperti biasa. 400: `invalid_code` (nama pengguna atau kode
    salah, tanpa membedakan), `code_expired`, `weak_password`. 403: `account_suspended`. 429: terlalu
    banyak percobaan (10 per menit per akun)."""
    activation_rate_check(request, payload.username)
    user = provisioning.account_activate(username=payload.username, code=payload.code, password=payload.password)
    return {"username": user.username, "activated": True}
