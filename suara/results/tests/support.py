"""Helpers shared by the results tests: results recorded, submitted and published the ways the tests need
them, the officers' pages read as text, and the 2019 file built from real rows."""

from __future__ import annotations

import base64
import contextlib
import csv
import gzip
import html
import io
import json
import re
import zlib
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.elections.models import Contest
from suara.results import anomalies
from suara.results.entry.services import result_submit
from suara.results.models import CountTps, RecapDelta, RecapPointer, ResultVersion, TpsResult
from suara.results.recap.fold import recap_fold
from suara.results.snapshots import snapshot_publish
from suara.results.tally import delta

TPS = "3276011006001"
PASSWORD = "correct-horse-battery-staple"
RAW_TABLES = ("results_tpsresult", "results_resultversion", "results_regiontotal", "results_recapdelta")

# --- tallies -------------------------------------------------------------------------------------------


@st.composite
def consistent_tallies(draw, max_voters: int | None = None):
    """A tally a careful KPPS would write: every rule holds (with ``max_voters``, a DPT of at most that
    many: also the hard maximum of an election with that many voters per TPS)."""
    dpt_l = draw(st.integers(0, max_voters or 400))
    dpt_p = draw(st.integers(0, max_voters - dpt_l if max_voters else 400))
    voted_dpt_l, voted_dpt_p = draw(st.integers(0, dpt_l)), draw(st.integers(0, dpt_p))
    dptb_l, dptb_p, dpk_l, dpk_p = (draw(st.integers(0, 20)) for _ in range(4))
    total = voted_dpt_l + voted_dpt_p + dptb_l + dptb_p + dpk_l + dpk_p
    invalid = draw(st.integers(0, total))
    valid = total - invalid
    cut1 = draw(st.integers(0, valid))
    cut2 = draw(st.integers(cut1, valid))
    received = total + draw(st.integers(0, 50))
    damaged = draw(st.integers(0, received - total))
    tally = {
        "votes.1": cut1,
        "votes.2": cut2 - cut1,
        "votes.3": valid - cut2,
        "valid": valid,
        "invalid": invalid,
        "total": total,
        "ballots.received": received,
        "ballots.used": total,
        "ballots.unused": received - total - damaged,
        "ballots.damaged": damaged,
    }
    groups = {
        "dpt": (dpt_l, dpt_p),
        "voted_dpt": (voted_dpt_l, voted_dpt_p),
        "voted_dptb": (dptb_l, dptb_p),
        "voted_dpk": (dpk_l, dpk_p),
        "voted_total": (voted_dpt_l + dptb_l + dpk_l, voted_dpt_p + dptb_p + dpk_p),
    }
    for group, (men, women) in groups.items():
        tally.update({f"{group}.l": men, f"{group}.p": women, f"{group}.j": men + women})
    return tally


# A TPS of 278 registered voters where 267 voted: every rule holds.
TALLY = {
    "votes.1": 97,
    "votes.2": 121,
    "votes.3": 45,
    "valid": 263,
    "invalid": 4,
    "total": 267,
    "dpt.l": 140,
    "dpt.p": 138,
    "dpt.j": 278,
    "voted_dpt.l": 130,
    "voted_dpt.p": 137,
    "voted_dpt.j": 267,
    "voted_dptb.l": 0,
    "voted_dptb.p": 0,
    "voted_dptb.j": 0,
    "voted_dpk.l": 0,
    "voted_dpk.p": 0,
    "voted_dpk.j": 0,
    "voted_total.l": 130,
    "voted_total.p": 137,
    "voted_total.j": 267,
    "ballots.received": 284,
    "ballots.used": 267,
    "ballots.unused": 15,
    "ballots.damaged": 2,
}


def standalone(number: int) -> re.Pattern:
    """The number as a figure of its own, not part of a larger one (1.267, 2670)."""
    return re.compile(rf"(?<![\d.,]){number}(?![\d.,])")


# --- the results API -----------------------------------------------------------------------------------


def auth(plaintext: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def nested(tally: dict) -> dict:
    """The API's nested shape of a flat tally."""
    body = {"votes": {}, "voters": {}, "ballots": {}}
    for key, value in tally.items():
        head, _, tail = key.partition(".")
        if head == "votes":
            body["votes"][tail] = value
        elif head == "ballots":
            body["ballots"][tail] = value
        elif tail:
            body["voters"].setdefault(head, {})[tail] = value
        else:
            body[head] = value
    return body


def payload(tally=None, *, sid="api-sub-0001", tps=TPS, contest="ppwp-2024", photos=None, **extra) -> dict:
    photos = [photo_bytes()] if photos is None else photos
    return {
        "submission_id": sid,
        "contest": contest,
        "tps": tps,
        **nested(consistent_tally() if tally is None else tally),
        "photos": [{"content_base64": base64.b64encode(p).decode()} for p in photos],
        **extra,
    }


def post(client, body, token=None, path="/api/v1/results"):
    headers = auth(token) if token else {}
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", **headers)


def publish_region(contest: str, code: str, **fields) -> None:
    """Publishes a region snapshot in the recap folder's format (the contract in docs/results.md)."""
    contest_obj = Contest.objects.get(slug=contest)
    candidates = list(contest_obj.candidates.order_by("number"))
    votes = fields.pop("votes", [0] * len(candidates))
    valid = sum(votes)
    invalid = fields.pop("invalid", 0)
    body = {
        "contest": contest,
        "contest_name": contest_obj.name,
        "election": contest_obj.election.slug,
        "code": code,
        "name": "INDONESIA",
        "level": 0,
        "ancestors": [],
        "candidates": [
            {"number": c.number, "name": c.name, "votes": v, "share": round(v / valid, 4) if valid else 0}
            for c, v in zip(candidates, votes, strict=True)
        ],
        "valid": valid,
        "invalid": invalid,
        "total": valid + invalid,
        "dpt": 0,
        "tps_reported": 0,
        "tps_expected": 0,
        "flags": {"J1": 0, "J2": 0, "J3": 0, "J4": 0, "J5": 0},
        "flagged_tps": [],
        "children": [],
        "locked": None,
        "version": 0,
        "updated_at": datetime(2024, 2, 15, 10, 0, tzinfo=UTC).isoformat(),
    }
    body.update(fields)
    with transaction.atomic():
        snapshot_publish(contest_id=contest_obj.pk, code=code, body=body)


# --- the recapitulation --------------------------------------------------------------------------------


def record_results(tps_codes, tally_for=lambda code: consistent_tally(), contest="ppwp-2024") -> None:
    """Accepted results for many TPS at once, as an importer records them: result, version, delta."""
    contest_obj = Contest.objects.get(slug=contest)
    now = timezone.now()
    tps = list(CountTps.objects.filter(election_id=contest_obj.election_id, code__in=list(tps_codes)))
    numbers = list(contest_obj.candidates.values_list("number", flat=True))
    results = TpsResult.objects.bulk_create(
        TpsResult(
            contest=contest_obj,
            tps=t,
            tps_code=t.code,
            version=1,
            tally=tally_for(t.code),
            flags=anomalies.tps_flags(tally_for(t.code), contest_ballots=numbers),
            updated_at=now,
        )
        for t in tps
    )
    ResultVersion.objects.bulk_create(
        ResultVersion(
            result=r,
            number=1,
            kind=ResultVersion.Kind.IMPORT,
            status=ResultVersion.Status.ACCEPTED,
            tally=r.tally,
            submitted_by="test",
            submitted_at=now,
        )
        for r in results
    )
    RecapDelta.objects.bulk_create(
        RecapDelta(contest=contest_obj, tps_code=r.tps_code, delta=delta(None, r.tally)) for r in results
    )


def body(code: str, contest: str = "ppwp-2024") -> dict:
    return RecapPointer.objects.select_related("snapshot").get(contest__slug=contest, code=code).snapshot.body


def tps_beneath(code: str) -> list[str]:
    return list(CountTps.objects.filter(code__startswith=code).order_by("code").values_list("code", flat=True))


CONTEST = "ppwp-2024"
REASON = "Keberatan saksi diterima dalam rapat pleno kecamatan"


def tally_for(index: int) -> dict:
    """A different, consistent tally per TPS, so the totals add up to something checkable; the first TPS
    gives every vote to pair 01 at a large TPS (janggal J2)."""
    if index == 0:
        return consistent_tally(votes=(120, 0, 0))
    return consistent_tally(votes=(40 + index % 7, 35 + index % 3, 25), invalid=3 + index % 2)


def submit_all(people: dict, codes: list[str]) -> dict:
    """Every TPS in ``codes`` sends its form through the KPPS's service, then the recap folds; returns the
    totals expected beneath."""
    totals = {"votes.1": 0, "votes.2": 0, "votes.3": 0, "valid": 0, "invalid": 0, "total": 0}
    for index, code in enumerate(codes):
        tally = tally_for(index)
        result_submit(
            actor=Actor.of(people["kpps_small"]),
            contest=CONTEST,
            tps=code,
            tally=tally,
            photos=[photo_bytes()],
            submission_id=f"small-{code}",
        )
        for key in totals:
            totals[key] += tally[key]
    recap_fold(contest_id=Contest.objects.get(slug=CONTEST).pk)
    return totals


def pdf_text(data: bytes) -> str:
    """Everything drawn on the pages: each content stream decoded (ReportLab writes ASCII85 over Flate)."""
    texts = []
    for raw in re.findall(rb"stream\r?\n(.*?)(?:\r?\n)?endstream", data, re.S):
        if raw.rstrip().endswith(b"~>"):
            raw = base64.a85decode(raw.rstrip()[:-2])
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw)
        texts.append(raw.decode("latin-1"))
    return "\n".join(texts).replace("\\(", "(").replace("\\)", ")")


# --- the officers' pages -------------------------------------------------------------------------------

FORM = f"/petugas/hasil/ppwp-2024/{TPS}/"


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def element(page: str, element_id: str) -> str:
    """The text of the element with this id (the page's message boxes hold no nested <div>)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no element #{element_id}"
    return text(match.group(2))


def submission_id(page: str) -> str:
    return re.search(r'name="submission_id" value="([^"]+)"', page).group(1)


def post_data(tally: dict, sid: str, **extra) -> dict:
    return {**{k: str(v) for k, v in tally.items()}, "submission_id": sid, **extra}


def photo_file(name="c-hasil-1.jpg", data=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, photo_bytes() if data is None else data, content_type="image/jpeg")


# --- the 2019 import -----------------------------------------------------------------------------------

_cache: dict = {}


def real_rows() -> tuple[list[str], list[dict]]:
    """The header and the chosen rows of the real file, read once per test session."""
    if "rows" not in _cache:
        wanted, overseas = [], 0
        with gzip.open(settings.DATA_DIR / "pemilu2019_ppwp_tps.csv.gz", "rt", encoding="utf-8", newline="") as f:
            header = next(csv.reader([f.readline()]))
            for n, line in enumerate(f):
                if (
                    n < 300
                    or ",KOTA DEPOK,PANCORAN MAS,DEPOK," in line
                    or ",KOTA DEPOK,PANCORAN MAS,MAMPANG," in line
                    or ",BEKASI,BABELAN,HURIP JAYA," in line
                ):
                    wanted.append(line)
                elif line.startswith("Luar Negeri,"):
                    wanted.append(line)
                    overseas += 1
                    if overseas == 12:
                        break
        _cache["rows"] = header, [dict(zip(header, r, strict=True)) for r in csv.reader(wanted)]
    header, rows = _cache["rows"]
    return header, [dict(r) for r in rows]


def depok(rows: list[dict], no_tps: int) -> dict:
    return next(r for r in rows if r["desa"] == "DEPOK" and r["kabkota"] == "KOTA DEPOK" and r["no_tps"] == str(no_tps))


def crafted_rows() -> tuple[list[str], list[dict]]:
    """Real rows, three of them changed: Depok TPS 2 breaks R1, TPS 3's KPU numbers differ from ours
    (still consistent), TPS 4 has no KPU numbers, TPS 6's KPU numbers break R3. Unchanged real rows:
    TPS 1 is not reported (kp_pengguna empty), TPS 5 breaks R3 (0 votes, 1 voter)."""
    header, rows = real_rows()
    depok(rows, 2)["kp_paslon1"] = "67"  # 57 + 60 no longer 117
    three = depok(rows, 3)
    three["kpu_paslon1"], three["kpu_paslon2"] = "123", "53"
    for column in ("kpu_paslon1", "kpu_paslon2", "kpu_sah", "kpu_tidak_sah", "kpu_pengguna"):
        depok(rows, 4)[column] = ""
    depok(rows, 6)["kpu_pengguna"] = "140"
    return header, rows


def write(tmp_path, header, rows, name="pemilu2019.csv.gz", *, raw_lines: list[str] | None = None):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([r[c] for c in header] for r in rows)
    body = text.getvalue() + "".join(raw_lines or [])
    path = tmp_path / name
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.write(body)
    return path
