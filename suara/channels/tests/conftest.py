from datetime import UTC, datetime

import pytest

from suara.channels.item import Item

WHEN = datetime(2024, 1, 5, 2, 0, tzinfo=UTC)  # Friday 09.00 WIB


def make_item(**overrides) -> Item:
    fields = {
        "key": "announcement:42:v1",
        "title": "Pendaftaran anggota KPPS Pemilu 2024 dibuka",
        "body": "KPU Kota Depok membuka pendaftaran anggota KPPS untuk Pemilu 2024 di seluruh kelurahan. "
        "Syarat dan berkas ada di tautan ini.",
        "url": "https://suara.example.id/pengumuman/42/",
        "region_code": "3276",
        "region_name": "Kota Depok",
        "category": "rekrutmen",
        "published_at": WHEN,
        "issuer": "KPU Kota Depok",
    }
    return Item(**{**fields, **overrides})


@pytest.fixture
def private(settings, tmp_path):
    """The private folder and the var folder (the VAPID key) in the test's own place."""
    settings.PRIVATE_DIR = tmp_path / "private"
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


@pytest.fixture
def writers(geography, private):
    """KPU Kota Depok (two officers), the Depok Diskominfo's operator, KPU Kota Bekasi, a PPS."""
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
        "kpu": make_officer("kpu_depok_1", "kpu_kabkota", "3276"),
        "kpu2": make_officer("kpu_depok_2", "kpu_kabkota", "3276"),
        "kominfo": make_officer("kominfo_1", "organisation_operator", "kominfo-depok"),
        "bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "pps": make_officer("pps_1", "pps", "3276011006"),
    }


@pytest.fixture
def queued(monkeypatch):
    """The push tasks enqueued (their publication ids), not run."""
    from types import SimpleNamespace

    from suara.channels import services_push

    ids: list[int] = []
    monkeypatch.setattr(services_push, "push_deliver_task", SimpleNamespace(enqueue=ids.append))
    return ids
