"""The results API: a KPPS sends its tally with photos (stored once, or refused whole with every reason),
corrections and their decision, and the public recap read from snapshots only."""

import base64
import json

import pytest

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.photos import photo_path
from suara.results.geography import count_geography_prepare
from suara.results.models import RecapPointer, ResultPhoto, ResultVersion, TpsResult
from suara.results.public import selectors
from suara.results.tests.support import RAW_TABLES, TPS, payload, post, publish_region

pytestmark = pytest.mark.usefixtures("photo_dir")


@pytest.fixture(autouse=True)
def fresh_cache():
    """The snapshot cache lives as long as the process; each test starts without it."""
    selectors.recap_cache_clear()


def nothing_stored() -> bool:
    return not (TpsResult.objects.exists() or ResultVersion.objects.exists() or ResultPhoto.objects.exists())


# --- submission ---------------------------------------------------------------------------------------


def test_a_kpps_submits_over_the_api_and_gets_the_stored_version(client, tokens):
    response = post(client, payload(), tokens["kpps"])

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] is True
    assert (body["number"], body["contest"], body["tps"]) == (1, "ppwp-2024", TPS)
    assert (body["kind"], body["status"]) == ("entry", "accepted")
    assert body["tally"]["votes"] == {"1": 40, "2": 35, "3": 25}
    assert body["tally"]["voters"]["dpt"] == {"l": 100, "p": 100, "j": 200}
    assert body["tally"]["ballots"]["received"] == 115
    photo = body["photos"][0]
    assert photo["url"] == f"/foto/{photo['sha256']}.jpg"
    assert photo_path(photo["sha256"], "jpg").exists()
    assert TpsResult.objects.get().tally == consistent_tally()


def test_a_replay_answers_200_with_the_same_version_and_counts_nothing_twice(client, tokens):
    first = post(client, payload(), tokens["kpps"]).json()
    again = post(client, payload(), tokens["kpps"])

    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert ResultVersion.objects.count() == 1


def test_the_same_submission_id_with_changed_numbers_is_a_conflict(client, tokens):
    post(client, payload(), tokens["kpps"])
    response = post(client, payload(consistent_tally(votes=(41, 34, 25))), tokens["kpps"])

    assert response.status_code == 409
    assert response.json()["code"] == "submission_id_reused"


def test_a_second_entry_for_the_tps_is_a_conflict(client, tokens):
    post(client, payload(), tokens["kpps"])
    response = post(client, payload(consistent_tally(votes=(41, 34, 25)), sid="api-sub-0002"), tokens["kpps"])

    assert response.status_code == 409
    assert response.json()["code"] == "result_exists"


def test_broken_rules_answer_422_listing_every_breach_and_nothing_is_stored(client, tokens):
    tally = consistent_tally()
    tally.update({"votes.1": 71, "votes.2": 641, "votes.3": 511})  # R1 and R7: the 2024 misreading
    tally["invalid"] = 7  # R2
    tally["voted_dpt.l"] = 1  # R5
    tally["ballots.received"] = 1  # B2

    response = post(client, payload(tally), tokens["kpps"])

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rules_broken"
    assert [d["code"] for d in body["details"]] == ["R1", "R2", "R5", "R7", "R10", "B2"]  # R10: 641 > 612
    for breach in body["details"]:
        assert breach["message"] and breach["fields"]
    r1 = body["details"][0]
    assert r1["fields"] == ["votes.1", "votes.2", "votes.3", "valid"]
    assert nothing_stored()


@pytest.mark.parametrize("bad", [-1, 2.5, "12", True, [3], {"n": 3}])
def test_negative_fractional_or_quoted_numbers_reach_the_rules_as_R0(client, tokens, bad):
    data = payload()
    data["invalid"] = bad
    data["voters"]["dpt"]["l"] = bad

    response = post(client, data, tokens["kpps"])

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rules_broken"
    r0 = body["details"][0]
    assert r0["code"] == "R0" and r0["fields"] == ["dpt.l", "invalid"]
    assert nothing_stored()


def test_an_integer_too_long_for_python_to_read_is_refused_by_R10_not_as_a_broken_body(client, tokens):
    data = payload()
    data["invalid"] = "TOO_LONG"
    body = json.dumps(data).replace('"TOO_LONG"', "9" * 5000)  # Python reads at most 4,300 digits

    response = post(client, body, tokens["kpps"])

    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "rules_broken"
    r10 = next(d for d in answer["details"] if d["code"] == "R10")
    assert r10["fields"] == ["invalid"]
    assert nothing_stored()


def test_a_null_number_is_a_missing_field_not_a_silently_skipped_rule(client, tokens):
    data = payload()
    data["valid"] = None
    del data["ballots"]["unused"]

    response = post(client, data, tokens["kpps"])

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert {"field": "valid", "problem": "wajib diisi"} in body["errors"]
    assert {"field": "ballots.unused", "problem": "wajib diisi"} in body["errors"]
    assert nothing_stored()


@pytest.mark.parametrize("raw", ['{"submission_id": ', "not json", b"\xff\xfe", ""])
def test_a_body_that_is_not_json_is_invalid_input(client, tokens, raw):
    response = post(client, raw, tokens["kpps"])

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_a_ballot_number_that_is_not_a_number_is_invalid_input(client, tokens):
    data = payload()
    data["votes"]["satu"] = 1

    response = post(client, data, tokens["kpps"])

    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"tps": "3276011006999"}, 404, "tps_not_found"),
        ({"tps": "32760110"}, 400, "invalid_tps_code"),
        ({"contest": "ppwp-1999"}, 404, "contest_not_found"),
        ({"sid": "x"}, 400, "invalid_submission_id"),
        ({"photos": []}, 400, "photo_required"),
        ({"photos": [b"%PDF-1.4 not an image"]}, 400, "photo_not_image"),
        ({"photos": [photo_bytes("GIF")]}, 400, "photo_not_image"),
    ],
)
def test_bad_input_is_refused_with_its_code(client, tokens, changes, status, code):
    response = post(client, payload(**changes), tokens["kpps"])

    assert response.status_code == status
    assert response.json()["code"] == code
    assert nothing_stored()


def test_a_contest_the_tps_does_not_vote_in_is_refused(client, tokens, officers):
    from suara.elections.models import Election

    count_geography_prepare(election=Election.objects.get(slug="pilkada-2024"), actor=Actor.named("test"))
    response = post(client, payload(contest="pilgub-2024-31"), tokens["kpps"])  # Depok is not in Jakarta

    assert response.status_code == 400
    assert response.json()["code"] == "contest_not_at_tps"
    assert nothing_stored()


def test_photo_that_is_not_base64_is_not_an_image(client, tokens):
    data = payload()
    data["photos"] = [{"content_base64": "this is not base64!"}]

    response = post(client, data, tokens["kpps"])

    assert response.status_code == 400
    assert response.json() == {
        "code": "photo_not_image",
        "message": "Foto halaman 1 bukan base64 yang sah.",
        "field": "photos",
    }


def test_a_photo_as_a_data_url_with_line_breaks_is_accepted(client, tokens):
    data = payload()
    text = base64.encodebytes(photo_bytes()).decode()  # 76-character lines
    data["photos"] = [{"content_base64": f"data:image/jpeg;base64,{text}"}]

    assert post(client, data, tokens["kpps"]).status_code == 201


def test_an_oversized_photo_is_refused(client, tokens, monkeypatch):
    monkeypatch.setattr("suara.results.entry.photos.MAX_BYTES", 300)

    response = post(client, payload(), tokens["kpps"])

    assert response.status_code == 400
    assert response.json()["code"] == "photo_too_large"
    assert nothing_stored()


def test_a_body_larger_than_any_submission_is_refused_before_it_is_read(client, tokens, monkeypatch):
    monkeypatch.setattr("suara.results.entry.photos.MAX_BYTES", 300)
    monkeypatch.setattr("suara.results.entry.photos.MAX_PHOTOS", 1)
    data = payload(photos=[photo_bytes()] * 300)

    response = post(client, data, tokens["kpps"])

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_photos_larger_than_djangos_default_upload_limit_are_accepted(client, tokens):
    from PIL import Image

    big = Image.effect_noise((1100, 1100), 100).convert("RGB")
    import io

    out = io.BytesIO()
    big.save(out, "PNG")
    raw = out.getvalue()
    assert len(raw) * 4 / 3 > 2.5 * 1024 * 1024

    response = post(client, payload(photos=[raw]), tokens["kpps"])

    assert response.status_code == 201, response.content


def test_a_kpps_of_another_tps_is_forbidden(client, tokens):
    response = post(client, payload(), tokens["kpps_002"])

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert nothing_stored()


def test_without_a_valid_token_the_answer_is_401(client, tokens):
    assert post(client, payload()).status_code == 401
    response = post(client, payload(), "suara_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert post(client, "not json").status_code == 401  # the body is not even read
    assert nothing_stored()


# --- corrections -------------------------------------------------------------------------------------


def test_a_correction_is_proposed_then_approved_by_another_ppk(client, tokens):
    post(client, payload(), tokens["kpps"])
    corrected = consistent_tally(votes=(30, 45, 25))
    proposal = payload(corrected, sid="api-corr-0001", reason="Salah baca angka pasangan 01 dan 02")

    proposed = post(client, proposal, tokens["kpps"], path="/api/v1/results/corrections")

    assert proposed.status_code == 201, proposed.content
    version = proposed.json()
    assert (version["status"], version["number"], version["kind"]) == ("pending", None, "correction")
    assert version["reason"] == "Salah baca angka pasangan 01 dan 02"

    decision_path = f"/api/v1/results/corrections/{version['id']}/decision"
    refused = post(client, {"approve": True}, tokens["kpps"], path=decision_path)
    assert refused.status_code == 403
    decided = post(client, {"approve": True, "note": "sesuai C.Hasil"}, tokens["ppk"], path=decision_path)
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["number"]) == ("accepted", 2)
    assert decided.json()["decision_note"] == "sesuai C.Hasil"
    assert TpsResult.objects.get().tally == corrected

    again = post(client, {"approve": False}, tokens["ppk_b"], path=decision_path)
    assert again.status_code == 409 and again.json()["code"] == "correction_decided"


def test_a_correction_needs_a_reason_and_a_decision_needs_a_real_boolean(client, tokens):
    post(client, payload(), tokens["kpps"])
    corrected = consistent_tally(votes=(30, 45, 25))
    corrections = "/api/v1/results/corrections"
    short = post(client, payload(corrected, sid="api-corr-0002", reason="x"), tokens["kpps"], path=corrections)
    assert short.status_code == 400 and short.json()["code"] == "reason_required"
    too_long = payload(corrected, sid="api-corr-0003", reason="x" * 501)
    assert post(client, too_long, tokens["kpps"], path=corrections).json()["code"] == "invalid_input"

    path = "/api/v1/results/corrections/999999/decision"
    assert post(client, {"approve": "ya"}, tokens["ppk"], path=path).json()["code"] == "invalid_input"
    missing = post(client, {"approve": True}, tokens["ppk"], path=path)
    assert missing.status_code == 404 and missing.json()["code"] == "correction_not_found"


# --- public reads ------------------------------------------------------------------------------------


def test_contests_are_listed_with_their_readable_ids(client, pemilu_2024):
    contests = client.get("/api/v1/contests").json()

    ppwp = next(c for c in contests if c["id"] == "ppwp-2024")
    assert ppwp["election"] == "pemilu-2024" and ppwp["region_code"] is None
    assert ppwp["recap"] == "/api/v1/contests/ppwp-2024/recap"
    only = client.get("/api/v1/contests?election=pemilu-2024").json()
    assert [c["id"] for c in only] == ["ppwp-2024"]


def test_the_national_recap_is_the_current_snapshot_read_in_one_or_two_queries(
    client, counting, django_assert_max_num_queries
):
    children = [
        {"code": "32", "name": "JAWA BARAT", "level": 1, "votes": {"1": 60, "2": 30, "3": 10}, "valid": 100}
        | {"invalid": 2, "total": 102, "tps_reported": 1, "tps_expected": 140457, "flagged": 1}
    ]
    publish_region(
        "ppwp-2024",
        "",
        votes=[60, 30, 10],
        invalid=2,
        tps_reported=1,
        tps_expected=820161,
        children=children,
        flags={"J1": 0, "J2": 1, "J3": 0, "J4": 0, "J5": 0},
        flagged_tps=[{"code": TPS, "flags": ["J2"]}],
    )

    with django_assert_max_num_queries(2) as captured:
        response = client.get("/api/v1/contests/ppwp-2024/recap")

    assert not any(table in q["sql"] for q in captured.captured_queries for table in RAW_TABLES)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1 and body["code"] == "" and body["name"] == "INDONESIA"
    shares = [(c["number"], c["votes"], c["share"]) for c in body["candidates"]]
    assert shares == [(1, 60, 0.6), (2, 30, 0.3), (3, 10, 0.1)]
    assert (body["valid"], body["invalid"], body["total"]) == (100, 2, 102)
    assert (body["tps_reported"], body["tps_expected"]) == (1, 820161)
    assert body["flags"]["J2"] == 1 and body["flagged_tps"] == [{"code": TPS, "flags": ["J2"]}]
    assert body["children"][0]["code"] == "32" and body["children"][0]["flagged"] == 1
    assert response["Cache-Control"] == "public, max-age=5"
    assert response["ETag"] and response["Last-Modified"]


def test_a_recap_read_follows_the_pointer_to_a_new_snapshot(client, counting):
    publish_region("ppwp-2024", "", votes=[1, 1, 1])
    assert client.get("/api/v1/contests/ppwp-2024/recap").json()["valid"] == 3
    publish_region("ppwp-2024", "", votes=[2, 2, 2])

    body = client.get("/api/v1/contests/ppwp-2024/recap").json()

    assert (body["version"], body["valid"]) == (2, 6)


def test_a_busy_recap_asks_for_its_pointer_at_most_twice_a_second(
    client, counting, settings, monkeypatch, django_assert_num_queries
):
    settings.SUARA_RECAP_RECHECK_SECONDS = 0.5
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    publish_region("ppwp-2024", "", votes=[1, 1, 1])
    with django_assert_num_queries(2):  # the pointer, then the new snapshot
        client.get("/api/v1/contests/ppwp-2024/recap")
    with django_assert_num_queries(0):
        client.get("/api/v1/contests/ppwp-2024/recap")
    publish_region("ppwp-2024", "", votes=[2, 2, 2])
    with django_assert_num_queries(0):  # still within half a second: the snapshot already served
        assert client.get("/api/v1/contests/ppwp-2024/recap").json()["version"] == 1
    clock[0] += 0.6
    with django_assert_num_queries(2):
        assert client.get("/api/v1/contests/ppwp-2024/recap").json()["version"] == 2
    clock[0] += 0.6
    with django_assert_num_queries(1):  # unchanged: only the pointer
        client.get("/api/v1/contests/ppwp-2024/recap")


def test_a_matching_etag_answers_304_without_a_body(client, counting):
    publish_region("ppwp-2024", "", votes=[1, 1, 1])
    first = client.get("/api/v1/contests/ppwp-2024/recap")

    again = client.get("/api/v1/contests/ppwp-2024/recap", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    publish_region("ppwp-2024", "", votes=[2, 2, 2])
    changed = client.get("/api/v1/contests/ppwp-2024/recap", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_region_recap_comes_from_its_snapshot(client, counting, django_assert_max_num_queries):
    publish_region(
        "ppwp-2024",
        "3276",
        name="KOTA DEPOK",
        level=2,
        ancestors=[{"code": "32", "name": "JAWA BARAT"}],
        votes=[10, 5, 1],
        invalid=1,
        locked={"at": "2024-02-20T09:00:00+07:00", "role": "kpu_kabkota"},
    )

    with django_assert_max_num_queries(2) as captured:
        response = client.get("/api/v1/contests/ppwp-2024/recap/3276")

    assert not any(table in q["sql"] for q in captured.captured_queries for table in RAW_TABLES)
    body = response.json()
    assert (body["code"], body["name"], body["level"]) == ("3276", "KOTA DEPOK", 2)
    assert body["ancestors"] == [{"code": "32", "name": "JAWA BARAT"}]
    assert body["locked"]["role"] == "kpu_kabkota"
    assert body["candidates"][0]["share"] == 0.625


def test_before_anything_is_published_a_recap_is_empty_from_the_counting_geography(client, counting, geography):
    national = client.get("/api/v1/contests/ppwp-2024/recap").json()
    assert national["version"] == 0 and national["updated_at"] is None
    assert len(national["children"]) == 38
    assert national["tps_expected"] == sum(geography[c["code"]].tps_count for c in national["children"])
    assert [c["votes"] for c in national["candidates"]] == [0, 0, 0]

    desa = client.get("/api/v1/contests/ppwp-2024/recap/3276011006").json()
    assert desa["ancestors"][-1] == {"code": "327601", "name": "PANCORAN MAS"}
    assert desa["children"][0] == {
        "code": "3276011006001",
        "name": None,
        "number": 1,
        "level": 5,
        "votes": {},
        "valid": 0,
        "invalid": 0,
        "total": 0,
        "tps_reported": 0,
        "tps_expected": 1,
        "flagged": 0,
        "flags": [],
    }


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/contests/ppwp-1999/recap", 404, "contest_not_found"),
        ("/api/v1/contests/ppwp-1999/recap/32", 404, "contest_not_found"),
        ("/api/v1/contests/ppwp-2024/recap/3299", 404, "region_not_found"),
        ("/api/v1/contests/ppwp-2024/recap/327", 400, "invalid_region_code"),
        ("/api/v1/contests/ppwp-2024/recap/32a", 400, "invalid_region_code"),
        ("/api/v1/contests/ppwp-2024/recap/%EF%BC%93%EF%BC%92", 400, "invalid_region_code"),  # full-width digits
        ("/api/v1/contests/ppwp-2024/tps/3276011006999", 404, "tps_not_found"),
        ("/api/v1/contests/ppwp-2024/tps/3276011006", 400, "invalid_tps_code"),
        ("/api/v1/contests/ppwp-1999/tps/3276011006001", 404, "contest_not_found"),
        ("/api/v1/contests/pilgub-2024-31/recap/32", 404, "region_not_found"),  # outside the contest's area
    ],
)
def test_unknown_or_malformed_reads_answer_with_a_code(client, counting, path, status, code):
    response = client.get(path)

    assert response.status_code == status
    assert response.json()["code"] == code


def test_the_tps_endpoint_shows_the_numbers_flags_and_every_version_with_photos(
    client, tokens, django_assert_max_num_queries
):
    post(client, payload(), tokens["kpps"])
    corrected = consistent_tally(votes=(30, 45, 25))
    for sid, approve in (("api-corr-0001", False), ("api-corr-0002", True)):
        photos = [photo_bytes(color=(10, 10, 10))]
        proposal = payload(corrected, sid=sid, photos=photos, reason="Salah baca angka pasangan 01 dan 02")
        proposal["reason_code"] = "salah_baca"
        version = post(client, proposal, tokens["kpps"], path="/api/v1/results/corrections").json()
        decision = f"/api/v1/results/corrections/{version['id']}/decision"
        # Only the approved one's free text is found fit to publish.
        post(client, {"approve": approve, "note": "dicek", "publish_reason": approve}, tokens["ppk"], path=decision)

    with django_assert_max_num_queries(2) as captured:
        response = client.get(f"/api/v1/contests/ppwp-2024/tps/{TPS}")

    assert not any(table in q["sql"] for q in captured.captured_queries for table in RAW_TABLES)
    assert response.status_code == 200
    body = response.json()
    assert (body["contest"], body["tps"], body["number"], body["version"]) == ("ppwp-2024", TPS, 1, 2)
    assert body["tally"]["votes"] == {"1": 30, "2": 45, "3": 25}
    assert body["flags"] == ["J3"]  # a correction moving 10 of 100 valid votes
    assert body["photos"] == body["versions"][2]["photos"]
    assert body["photos"][0]["url"].startswith("/foto/")
    assert [(v["number"], v["kind"], v["status"]) for v in body["versions"]] == [
        (1, "entry", "accepted"),
        (None, "correction", "rejected"),
        (2, "correction", "accepted"),
    ]
    assert body["versions"][0]["tally"]["votes"] == {"1": 40, "2": 35, "3": 25}
    assert body["versions"][2]["reason"] == "Salah baca angka pasangan 01 dan 02"
    assert body["versions"][1]["reason"] == ""  # the proposer's words stay internal unless published
    assert [v["reason_code"] for v in body["versions"]] == ["", "salah_baca", "salah_baca"]
    assert body["versions"][1]["reason_label"] == "Angka pada foto formulir salah dibaca"
    assert body["versions"][2]["decision_note"] == "dicek"
    assert body["versions"][2]["photos"][0]["url"] != body["versions"][0]["photos"][0]["url"]
    assert "submitted_by" not in body["versions"][0]  # no operator names in public data


def test_a_tps_without_a_result_answers_version_0(client, counting):
    body = client.get(f"/api/v1/contests/ppwp-2024/tps/{TPS}").json()

    assert (body["version"], body["tally"], body["versions"]) == (0, None, [])
    assert RecapPointer.objects.count() == 0


def test_the_cache_keeps_within_its_memory_budget_dropping_the_least_recently_used(client, counting, monkeypatch):
    for code in ("32", "3275", "3276"):
        publish_region("ppwp-2024", code, votes=[1, 2, 3])
    first = client.get("/api/v1/contests/ppwp-2024/recap/32")
    one_entry = selectors.cache_usage()[1]
    monkeypatch.setattr(selectors, "MAX_BYTES", int(one_entry * 2.5))

    client.get("/api/v1/contests/ppwp-2024/recap/3275")
    client.get("/api/v1/contests/ppwp-2024/recap/32")  # checked again: now the most recent
    client.get("/api/v1/contests/ppwp-2024/recap/3276")

    entries, size = selectors.cache_usage()
    assert entries == 2 and size <= selectors.MAX_BYTES
    assert set(selectors._cache) == {("ppwp-2024", "32"), ("ppwp-2024", "3276")}
    assert client.get("/api/v1/contests/ppwp-2024/recap/32").content == first.content


def test_text_postgresql_would_refuse_is_refused_first(client, tokens):
    assert client.get("/api/v1/contests/ppwp%002024/recap").json()["code"] == "contest_not_found"
    assert client.get("/api/v1/contests/ppwp%002024/tps/3276011006001").status_code == 404
    assert client.get("/api/v1/contests?election=pemilu%002024").json() == []
    bad_contest = post(client, payload(contest="ppwp-2024\x00"), tokens["kpps"])
    assert bad_contest.status_code == 422 and bad_contest.json()["code"] == "invalid_input"
    post(client, payload(), tokens["kpps"])
    proposal = payload(
        consistent_tally(votes=(30, 45, 25)), sid="api-corr-0009", reason="Salah baca\x00 angka 01 dan 02"
    )
    refused = post(client, proposal, tokens["kpps"], path="/api/v1/results/corrections")
    assert refused.status_code == 422 and refused.json()["errors"] == [{"field": "reason", "problem": "tidak sah"}]
    assert ResultVersion.objects.count() == 1
