"""The daily watch over the v1 API, for an organisation's operators (``Role.ORGANISATION_OPERATOR``), under
``/api/v1/pantauan/{organisasi}/``: its watchlists, the people on one (NIK masked), adding and removing one
person (the NIK in the request body, never in a URL; the answer masks it), its kept reports and one
report's lines. The same rules as the pages: another organisation's code, or one that does not exist, is
403 alike; the services write, with one audit event each. A token needs no second factor (docs/security.md).
Thin: the services and selectors decide."""

from __future__ import annotations

from datetime import date, datetime

from django.core.paginator import Paginator
from ninja import Field, Path, Query, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.accounts.models import Organisation
from suara.accounts.organisations import organisations_with_codes
from suara.audit.actors import Actor
from suara.core.errors import DomainError, ErrorCode, PermissionDenied
from suara.core.schemas import ERRORS, Error
from suara.parties.watch import selectors, services
from suara.people.nik import mask_number

router = Router(tags=["pantauan"])
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}
ORG = Path(..., max_length=32, description="kode organisasi, mis. kominfo-depok")
ENTRIES_PER_PAGE = 500
REFUSED = "Hanya operator organisasi pemantau ini yang boleh."


def _organisation(request, code: str) -> Organisation:
    """The organisation, for one of its operators; 403 alike for another's and for none."""
    found = organisations_with_codes({code}).first()
    if found is None:
        raise PermissionDenied(ErrorCode.FORBIDDEN, REFUSED, field="organisasi")
    try:
        services.acting_role(Actor.of(request.auth.user), found)
    except DomainError:
        raise PermissionDenied(ErrorCode.FORBIDDEN, REFUSED, field="organisasi") from None
    return found


class WatchlistOut(Schema):
    id: int
    nama: str
    jumlah_nik: int
    diperbarui: datetime


class EntryOut(Schema):
    id: int
    nik: str = Field(description="NIK tersamar: 6 digit wilayah dan 4 digit nomor urut")
    nama: str
    keterangan: str


class EntriesOut(Schema):
    daftar: WatchlistOut
    halaman: int
    jumlah_halaman: int
    orang: list[EntryOut]


class EntryIn(Schema):
    daftar: str = Field(max_length=200, description="nama daftar pantauan; dibuat bila belum ada")
    nik: str = Field(max_length=32, description="NIK 16 digit (hanya di badan permintaan)")
    nama: str = Field(max_length=400)
    keterangan: str = Field("", max_length=400, description="mis. staf, keluarga")


class EntryAddedOut(Schema):
    daftar: WatchlistOut
    orang: EntryOut


class EntryRemoveIn(Schema):
    nik: str = Field(max_length=32, description="NIK 16 digit yang dihapus dari daftar (hanya di badan permintaan)")


class ReportOut(Schema):
    id: int
    hari: date = Field(description="hari laporan (WIB)")
    jenis: str = Field(description="jadwal (harian) atau manual (atas permintaan)")
    dibuat: datetime
    nik_dipantau: int
    tercatat: int = Field(description="pencatatan NIK yang dipantau oleh partai saat ini")
    baru: int
    hilang: int
    surel_terkirim: int = Field(description="berapa alamat surel yang dikirimi laporan ini")


class LineOut(Schema):
    nik: str = Field(description="NIK tersamar")
    nama: str = Field(description="nama seperti dalam daftar pantauan")
    keterangan: str
    partai_nomor_urut: int
    partai: str
    sejak: datetime = Field(description="sejak kapan partai mencatatnya")
    status: str = Field(description="MS, BMS, atau kosong bila belum diperiksa")


class ReportLinesOut(ReportOut):
    baru_tercatat: list[LineOut] = Field(description="pencatatan baru sejak laporan sebelumnya")
    masih_tercatat: list[LineOut]
    sudah_hilang: list[LineOut] = Field(description="pencatatan yang hilang sejak laporan sebelumnya")


def _watchlist(watchlist, size: int | None = None) -> dict:
    if size is None:
        size = getattr(watchlist, "size", None)
    if size is None:
        size = watchlist.entries.count()
    return {"id": watchlist.pk, "nama": watchlist.name, "jumlah_nik": size, "diperbarui": watchlist.updated_at}


def _entry(entry) -> dict:
    return {"id": entry.pk, "nik": mask_number(entry.nik), "nama": entry.name, "keterangan": entry.note}


def _report(report) -> dict:
    return {
        "id": report.pk,
        "hari": report.day,
        "jenis": report.trigger,
        "dibuat": report.created_at,
        "nik_dipantau": report.watched,
        "tercatat": report.listed,
        "baru": report.new,
        "hilang": report.gone,
        "surel_terkirim": report.emailed_to,
    }


def _line(line) -> dict:
    return {
        "nik": mask_number(line.nik),
        "nama": line.watched_name,
        "keterangan": line.note,
        "partai_nomor_urut": line.party.number,
        "partai": line.party_name,
        "sejak": line.since,
        "status": line.status,
    }


@router.get(
    "/pantauan/{organisasi}/daftar", auth=TOKEN_AUTH, response={200: list[WatchlistOut], **WRITE_ERRORS},
    summary="Daftar pantauan organisasi",
)  # fmt: skip
def watchlist_list(request, organisasi: str = ORG):
    """Daftar pantauan organisasi dengan jumlah NIK masing-masing. Hanya operator organisasi itu (403 bagi
    yang lain, juga untuk kode organisasi yang tidak ada)."""
    organisation = _organisation(request, organisasi)
    return [_watchlist(w) for w in selectors.watchlists_of(organisation)]


@router.get(
    "/pantauan/{organisasi}/daftar/{int:id}", auth=TOKEN_AUTH, response={200: EntriesOut, **WRITE_ERRORS},
    summary="Orang dalam satu daftar pantauan",
)  # fmt: skip
def watchlist_entries(
    request,
    organisasi: str = ORG,
    id: int = Path(..., description="pengenal daftar pantauan"),
    halaman: int = Query(1, ge=1, le=100_000, description=f"{ENTRIES_PER_PAGE} orang per halaman"),
):
    """Orang dalam daftar, urut nama, NIK tersamar."""
    organisation = _organisation(request, organisasi)
    watchlist = selectors.watchlist_get(organisation, id)
    paginator = Paginator(selectors.watch_entries(watchlist), ENTRIES_PER_PAGE)
    page = paginator.get_page(halaman)
    return {
        "daftar": _watchlist(watchlist, paginator.count),
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        "orang": [_entry(e) for e in page],
    }


@router.post(
    "/pantauan/{organisasi}/orang", auth=TOKEN_AUTH, response={201: EntryAddedOut, **WRITE_ERRORS},
    summary="Tambahkan satu orang ke daftar pantauan",
)  # fmt: skip
def watch_entry_add(request, payload: EntryIn, organisasi: str = ORG):
    """Menambahkan satu orang (NIK, nama, keterangan) ke daftar pantauan bernama `daftar` (dibuat bila belum
    ada), diperiksa seperti baris berkas unggahan; NIK yang sudah ada di daftar itu ditolak
    (`watch_entry_exists`). NIK hanya di badan permintaan; jawabannya menyamarkan NIK. Dicatat dalam log audit."""
    organisation = _organisation(request, organisasi)
    entry = services.watch_entry_add(
        actor=Actor.of(request.auth.user), organisation=organisation, watchlist_name=payload.daftar,
        nik=payload.nik, name=payload.nama, note=payload.keterangan,
    )  # fmt: skip
    return Status(201, {"daftar": _watchlist(entry.watchlist), "orang": _entry(entry)})


@router.post(
    "/pantauan/{organisasi}/daftar/{int:id}/hapus-orang", auth=TOKEN_AUTH,
    response={200: WatchlistOut, **WRITE_ERRORS}, summary="Hapus satu orang dari daftar pantauan",
)  # fmt: skip
def watch_entry_remove(
    request, payload: EntryRemoveIn, organisasi: str = ORG, id: int = Path(..., description="pengenal daftar")
):
    """Menghapus satu NIK (di badan permintaan) dari daftar; 404 `watch_entry_not_found` bila tidak ada di
    daftar itu. Laporan berikutnya tidak lagi memantau NIK itu lewat daftar ini. Dicatat dalam log audit."""
    organisation = _organisation(request, organisasi)
    watchlist = selectors.watchlist_get(organisation, id)
    services.watch_entry_remove(actor=Actor.of(request.auth.user), watchlist=watchlist, nik=payload.nik)
    watchlist.refresh_from_db()
    return _watchlist(watchlist)


@router.get(
    "/pantauan/{organisasi}/laporan", auth=TOKEN_AUTH, response={200: list[ReportOut], **WRITE_ERRORS},
    summary="Laporan pantauan organisasi",
)  # fmt: skip
def watch_report_list(request, organisasi: str = ORG):
    """Laporan yang disimpan (harian pukul 17.00 WIB atau atas permintaan), terbaru dahulu (60)."""
    organisation = _organisation(request, organisasi)
    return [_report(r) for r in selectors.watch_reports_of(organisation)]


@router.get(
    "/pantauan/{organisasi}/laporan/{int:id}", auth=TOKEN_AUTH, response={200: ReportLinesOut, **WRITE_ERRORS},
    summary="Satu laporan pantauan",
)  # fmt: skip
def watch_report_get(request, organisasi: str = ORG, id: int = Path(..., description="pengenal laporan")):
    """Satu laporan dengan barisnya: pencatatan baru, yang masih tercatat, dan yang hilang sejak laporan
    sebelumnya; NIK tersamar."""
    organisation = _organisation(request, organisasi)
    report = selectors.watch_report_get(organisation, id)
    lines = selectors.watch_report_lines(report)
    return {
        **_report(report),
        "baru_tercatat": [_line(x) for x in lines["baru"]],
        "masih_tercatat": [_line(x) for x in lines["tetap"]],
        "sudah_hilang": [_line(x) for x in lines["hilang"]],
    }
