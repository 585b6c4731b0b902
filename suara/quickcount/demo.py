"""The demo's quick count: Diskominfo Kota Depok's own quick count of the 2024 Depok mayoral election, 40
TPS drawn with a published seed, most of them reported by their enumerators with MADE-UP numbers (never
real results), and a registered demo survey institution for the registry. Idempotent."""

from __future__ import annotations

import random
import secrets
from datetime import date

from suara.accounts.models import Organisation, User
from suara.accounts.organisations import OrganisationInput, organisation_save
from suara.accounts.services import user_set_password
from suara.audit.actors import SYSTEM, Actor
from suara.quickcount import services
from suara.quickcount.models import QuickCount, SampledTps, SurveyInstitution
from suara.results.demo import made_up_tally
from suara.results.tally import flatten

DEMO_CONTEST = "pilbup-2024-3276"
DEMO_NAME = "Hitung cepat Diskominfo Depok (demo, angka karangan)"
DEMO_OPERATOR = "operator_kominfo"  # accounts.demo: the operator of kominfo-depok
DEMO_SEED = "5eed0000000000000000000000002024"
DEMO_SAMPLE = 40
DEMO_REPORTED = 36
DEMO_INSTITUTION = OrganisationInput(
    code="survei-demo", name="Lembaga Survei Demo (fiktif)", kind="survei", region_code="", report_time="17:00"
)


def quickcount_demo_ensure() -> tuple[str, str, int] | None:
    """Returns (an enumerator's username, a new password, the quick count's id); None without the demo's
    operator account."""
    operator = User.objects.filter(username=DEMO_OPERATOR).first()
    if operator is None:
        return None
    if not Organisation.objects.filter(code=DEMO_INSTITUTION.code).exists():
        organisation_save(actor=SYSTEM, data=DEMO_INSTITUTION)
    if not SurveyInstitution.objects.filter(organisation__code=DEMO_INSTITUTION.code).exists():
        services.institution_register(
            actor=SYSTEM, organisation=DEMO_INSTITUTION.code, legal_entity="PT Survei Demo (fiktif)",
            registration_letter="contoh, bukan sertifikat KPU", funding_source="contoh",
            methodology="Sampel acak berstrata (provinsi × ukuran TPS), 2.000 TPS, margin of error ±1,5 poin "
            "dengan efek desain, selang kepercayaan 95%.", contact="survei-demo@example.org",
            registered_on=date(2024, 9, 1), sample_size=2000,
        )  # fmt: skip
    actor = Actor.of(operator)
    qc = QuickCount.objects.filter(name=DEMO_NAME).first()
    if qc is None:
        qc = services.quickcount_create(actor=actor, organisation="kominfo-depok", contest=DEMO_CONTEST,
                                        name=DEMO_NAME, margin=0.03, sample_size=DEMO_SAMPLE)  # fmt: skip
    if qc.status == QuickCount.Status.DESIGNED:
        qc = services.quickcount_draw(actor=actor, quick_count_id=qc.pk, seed=DEMO_SEED)
    if SampledTps.objects.filter(quick_count=qc, kind=SampledTps.Kind.SAMPLE, enumerator__isnull=True).exists():
        services.enumerators_create(actor=actor, quick_count_id=qc.pk)
    sampled = list(SampledTps.objects.filter(quick_count=qc, kind=SampledTps.Kind.SAMPLE).order_by("tps_code"))
    rng = random.Random(2024)
    reported = {r for r in qc.reports.values_list("tps_code", flat=True)}
    for index, tps in enumerate(sampled[1 : DEMO_REPORTED + 1]):
        tally = flatten(made_up_tally(rng, candidates=2))
        if tps.tps_code in reported:
            continue
        services.report_submit(actor=Actor.of(tps.enumerator), quick_count_id=qc.pk, tps=tps.tps_code, tally=tally,
                               submission_id=f"demo-laporan-{index:04d}")  # fmt: skip
    mine = sampled[0].enumerator
    password = f"demo-{secrets.token_urlsafe(9)}"
    user_set_password(user=mine, password=password, actor=SYSTEM)
    return mine.username, password, qc.pk
