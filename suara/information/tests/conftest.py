import pytest

GOOD = {
    "claim": "Surat suara sudah dicoblos untuk paslon tertentu sebelum hari pemungutan di Depok",
    "platform": "facebook",
    "verdict": "HOAKS",
    "explanation": "KPU Kota Depok memastikan surat suara disimpan tersegel di gudang logistik sampai hari H.",
    "answers": {"facts_true": False, "misleading_frame": False, "fabricated": True, "intent_to_deceive": True},
    "appearance_url": "https://www.facebook.com/contoh/posts/1",
    "first_seen": "2024-02-01",
    "evidence": ["https://www.komdigi.go.id/berita/klarifikasi-hoaks/detail/contoh"],
    "region_code": "3276",
}


@pytest.fixture
def writers(geography):
    """Two KPU Kota Depok officers (an author and a publisher), a Depok Diskominfo operator, a Bekasi KPU
    officer, a PPS."""
    from conftest import make_officer
    from suara.accounts.organisations import OrganisationInput, organisation_save
    from suara.audit.actors import Actor

    organisation_save(
        data=OrganisationInput(
            code="kominfo-depok", name="Diskominfo Kota Depok", kind="diskominfo", region_code="3276"
        ),
        actor=Actor.named("test"),
    )
    return {
        "author": make_officer("kpu_depok_1", "kpu_kabkota", "3276"),
        "second": make_officer("kpu_depok_2", "kpu_kabkota", "3276"),
        "kominfo": make_officer("kominfo_1", "organisation_operator", "kominfo-depok"),
        "bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "pps": make_officer("pps_1", "pps", "3276011006"),
    }


def make(actor_user, **overrides):
    from suara.audit.actors import Actor
    from suara.information.services import ClarificationInput, clarification_create

    return clarification_create(actor=Actor.of(actor_user), data=ClarificationInput(**{**GOOD, **overrides}))
