"""The quick count over the v1 API, under /api/v1/hitung-cepat/: its public release (from 15:00 WIB on
voting day, with the disclaimer), its published design, the organisation's design and draw, and the
enumerators' reports. The registry of survey institutions with the scoreboard is public."""

from __future__ import annotations

from ninja import Path, Router, Status

from suara.accounts.api_auth import TOKEN_AUTH, request_token
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.quickcount import history, selectors, services
from suara.quickcount.schemas import DesignIn, ReportIn

router = Router(tags=["hitung cepat"])
WRITE_ERRORS = {**ERRORS, 403: Error, 404: Error, 409: Error}
Id = Path(..., ge=1, le=2**31 - 1, description="pengenal hitung cepat")


def _design(qc) -> dict:
    return {
        "algorithm": qc.algorithm,
        "seed": qc.seed,
        "frame_digest": qc.frame_digest,
        "frame_tps": qc.frame_tps,
        "sample_size": qc.sample_size,
        "margin": qc.margin,
        "confidence": qc.confidence,
        "design_effect": round(qc.design_effect, 3),
        "allocation": qc.allocation,
        "strata": {
            k: {"sample": v["sample"], "reserve": v["reserve"], "frame": v["frame"]} for k, v in qc.strata.items()
        },
    }


@router.get("/hitung-cepat", response={200: list[dict], **ERRORS}, summary="Daftar hitung cepat")
def quick_count_list(request):
    """Hitung cepat yang sampelnya sudah ditarik, dengan waktu mulai boleh diumumkan (15.00 WIB hari pemungutan)."""
    from suara.quickcount import embargo

    return [
        {
            "id": qc.pk,
            "name": qc.name,
            "organisation": qc.organisation.name,
            "contest": qc.contest.slug,
            "published_from": embargo.published_from(qc.contest.election.voting_day).isoformat(),
        }
        for qc in selectors.public_quick_counts()
    ]


@router.get(
    "/hitung-cepat/lembaga",
    response={200: dict, **ERRORS},
    summary="Lembaga survei terdaftar dan papan skor hitung cepat",
)
def institutions(request):
    """Lembaga survei yang terdaftar di KPU (PKPU 9/2022) dan, untuk pemilu presiden yang lalu, selisih hitung
    cepat tiap lembaga terhadap hasil resmi KPU (poin persentase), dengan sumbernya."""
    return {
        "registered": [
            {
                "code": i.organisation.code,
                "name": i.organisation.name,
                "legal_entity": i.legal_entity,
                "registration_letter": i.registration_letter,
                "methodology": i.methodology,
                "funding_source": i.funding_source,
                "sample_size": i.sample_size,
                "contact": i.contact,
            }
            for i in selectors.institutions()
        ],
        "live": [
            {
                "quick_count": s.quick_count.pk,
                "name": s.quick_count.name,
                "organisation": s.quick_count.organisation.name,
                "official": s.official,
                "published": s.published,
                "signed_errors": s.score.signed_errors,
                "mean_absolute_error": s.score.mean_absolute_error,
                "winner_right": s.score.winner_right,
            }
            for s in selectors.live_scoreboard()
        ],
        "scoreboard": [
            {
                "year": e.year,
                "official": e.official,
                "official_source": e.official_source,
                "note": e.note,
                "institutions": [
                    {
                        "institution": s.institution,
                        "shares": s.shares,
                        "signed_errors": s.score.signed_errors,
                        "mean_absolute_error": s.score.mean_absolute_error,
                        "winner_right": s.score.winner_right,
                        "source": s.source,
                    }
                    for s in e.published
                ],
            }
            for e in history.elections()
        ],
    }


def _viewable(request, quick_count_id: int):
    """The quick count, after its embargo; before, only to its own organisation's operators."""
    qc = selectors.quick_count_get(quick_count_id)
    token = request_token(request)  # optional here: the organisation's own token sees it before the embargo
    user = token.user if token is not None else getattr(request, "user", None)
    if not (user is not None and user.is_authenticated and selectors.may_run(user, qc)):
        selectors.release_check(qc)
    return qc


@router.get(
    "/hitung-cepat/{id}",
    response={200: dict, **ERRORS, 403: Error, 404: Error},
    summary="Perkiraan hitung cepat dengan selang kepercayaan",
)
def quick_count_read(request, id: int = Id):
    """Perkiraan perolehan setiap calon (persen suara sah) dengan dua selang kepercayaan (linearisasi Taylor dan
    bootstrap dalam strata), partisipasi, peluang calon teratas menang, dan TPS masuk dari TPS sampel. 403
    `embargo` sebelum 15.00 WIB hari pemungutan. Selalu dengan `disclaimer`: bukan hasil resmi KPU."""
    qc = _viewable(request, id)
    return selectors.estimate_body(qc, selectors.estimate_of(qc))


@router.get(
    "/hitung-cepat/{id}/desain",
    response={200: dict, **ERRORS, 403: Error, 404: Error},
    summary="Desain dan seed sampel (untuk menarik ulang)",
)
def quick_count_design(request, id: int = Id):
    """Algoritme, seed, digest kerangka sampel dan jumlah sampel per strata: dengan ekspor kerangka, siapa pun
    menarik ulang sampel yang sama dengan `tools/redraw_quickcount.py`. Terbuka setelah embargo."""
    return _design(_viewable(request, id))


@router.post("/hitung-cepat", auth=TOKEN_AUTH, response={201: dict, **WRITE_ERRORS}, summary="Rancang hitung cepat")
def quick_count_create(request, payload: DesignIn):
    """Oleh operator organisasi (lembaga survei terdaftar, KPU atau Diskominfo). Ukuran sampel dari margin of
    error dengan efek desain bila `sample_size` kosong. 400 `sample_size_zero`, `sample_larger_than_frame`,
    `margin_invalid`; 403 `not_a_surveyor`."""
    qc = services.quickcount_create(actor=Actor.of(request.auth.user), **payload.model_dump())
    return Status(201, {"id": qc.pk, **_design(qc)})


@router.post(
    "/hitung-cepat/{id}/tarik", auth=TOKEN_AUTH, response={200: dict, **WRITE_ERRORS}, summary="Tarik sampel TPS"
)
def quick_count_draw(request, id: int = Id):
    """Menarik sampel dan cadangan dengan seed baru; sekali saja (409 `already_drawn`)."""
    qc = services.quickcount_draw(actor=Actor.of(request.auth.user), quick_count_id=id)
    return _design(qc)


@router.post(
    "/hitung-cepat/{id}/laporan",
    auth=TOKEN_AUTH,
    response={200: dict, 201: dict, **WRITE_ERRORS},
    summary="Laporan enumerator dari TPS sampel",
)
def report_submit(request, payload: ReportIn, id: int = Id):
    """Oleh enumerator TPS sampel itu. Aturan angka sama dengan entri resmi (422 `rules_broken`). 403
    `not_in_sample` (bukan TPS sampel Anda), 409 `report_exists` (sudah melapor dengan angka lain)."""
    report, created = services.report_submit(
        actor=Actor.of(request.auth.user),
        quick_count_id=id,
        tps=payload.tps,
        tally=payload.tally(),
        submission_id=payload.submission_id,
    )
    body = {"quick_count": id, "tps": report.tps_code, "reported_at": report.reported_at.isoformat()}
    return Status(201 if created else 200, body)
