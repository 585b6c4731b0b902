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


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Screenshots are kept under PRIVATE_DIR: a folder of the test's own."""
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


RUMOUR = "Beredar pesan: surat suara di TPS 05 Depok sudah dicoblos untuk paslon 02, sebarkan!"
RUMOUR_RETYPED = "surat suara di tps 05 depok udah dicoblos utk paslon 02 sebarkan"
OTHER_RUMOUR = "Data DPT Kota Depok bocor dan dijual di forum gelap oleh peretas asing"


def screenshot_bytes(seed: int = 1, *, kind: str = "PNG", scale: float = 1.0, quality: int = 85) -> bytes:
    """A chat-like screenshot (the demo's drawing), as a phone saves or forwards it."""
    import io

    from PIL import Image

    from suara.information.demo import chat_screenshot

    image = Image.open(io.BytesIO(chat_screenshot(seed, scale=scale))).convert("RGB")
    out = io.BytesIO()
    image.save(out, kind, **({"quality": quality} if kind == "JPEG" else {}))
    return out.getvalue()


def report(text=RUMOUR, **kwargs):
    from suara.information.services_rumours import rumour_report

    return rumour_report(text=text, **kwargs)
