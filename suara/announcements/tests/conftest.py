import io
from datetime import timedelta

import pytest

GOOD = {
    "title": "Pendaftaran anggota KPPS Kecamatan Pancoran Mas dibuka",
    "body": "KPU Kota Depok membuka pendaftaran anggota KPPS untuk Pemilu 2024 di seluruh kelurahan Pancoran Mas.",
    "category": "rekrutmen",
    "region_code": "327601",
}
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer << /Size 3 /Root 1 0 R >>\nstartxref\n100\n%%EOF\n"
)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def writers(geography, settings, tmp_path):
    """Two KPU Kota Depok officers (an author and a reviewer), a Depok Diskominfo operator, the city's viewer,
    a Bekasi KPU officer, a PPS; attachments kept in a temporary private folder."""
    from conftest import make_officer
    from suara.accounts.organisations import OrganisationInput, organisation_save
    from suara.audit.actors import Actor

    settings.PRIVATE_DIR = tmp_path / "private"
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
        "pemkot": make_officer("pemkot_1", "pemkot_viewer", "3276"),
        "bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "pps": make_officer("pps_1", "pps", "3276011006"),
    }


def draft(user, **overrides):
    from suara.announcements.services import AnnouncementInput, announcement_create
    from suara.audit.actors import Actor

    return announcement_create(actor=Actor.of(user), data=AnnouncementInput(**{**GOOD, **overrides}))


def publish(author, reviewer, *, at=None, **overrides):
    """Drafted by ``author``, submitted, approved by ``reviewer`` and scheduled, then (by moving the clock
    past it, with ``at`` None) published. Returns the announcement."""
    from suara.announcements.services import announcement_approve, announcement_schedule, announcement_submit
    from suara.audit.actors import Actor
    from suara.core import clock

    a = draft(author, **overrides)
    announcement_submit(actor=Actor.of(author), pk=a.pk)
    announcement_approve(actor=Actor.of(reviewer), pk=a.pk)
    when = at or clock.now() + timedelta(seconds=3)
    return announcement_schedule(actor=Actor.of(reviewer), pk=a.pk, publish_at=when)


@pytest.fixture
def later(monkeypatch):
    """Moves the site's clock (``core.clock.now``) forward by a timedelta."""
    from suara.core import clock

    real = clock.now
    offset = [timedelta(0)]
    monkeypatch.setattr(clock, "now", lambda: real() + offset[0])

    def move(delta: timedelta) -> None:
        offset[0] += delta

    return move
