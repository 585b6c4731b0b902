"""Every URL of the site, pages and API alike, answers odd input with a 4xx (or its page), never a 5xx:
the URL resolver is walked, so a page added later is fuzzed too without touching this file.

Each pattern's path parameters are filled with real codes of the fixture slice (every level, so each
level's page is reached) and with odd values; each URL is then sent, anonymously and signed in as each
role, a plain GET, GETs with odd query strings (the names the page's own forms use and the usual ones)
and POSTs with odd form bodies (the page's own fields), odd JSON and a body over Django's size limit.
Deterministic, and one test per identity (each 10 to 40 s on SQLite): odd path values, odd JSON and
oversized bodies go to fewer identities than the real values do (they are refused before anyone's
rights matter).
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from conftest import consistent_tally, make_officer, photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.services import result_submit

REAL = {
    "contest": ["ppwp-2024"],
    "code": ["nasional", "32", "3276", "327601", "3276011006", "3276011006001"],
    "region_code": ["32", "327601"],
    "tps": ["3276011006001", "3275011001001"],
    "id": ["pemilu-2024", "1"],
    "name": ["favicon.svg", "0" * 64 + ".jpg"],
}
ODD_TEXT = ["0", "9" * 30, "x" * 300, "²", "a\x00b", "..", "3276011006999"]
ODD_INT = [0, 2**63, 10**30]
ODD_VALUES = [
    "",
    " ",
    "\x00",
    "ab\x01\x1b\x7f",
    "²",
    "①",
    "１２",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 5000,
    "<script>alert(1)</script>",
    "x" * 10_000,
    "\ud7ff\ufffd",
    "../../etc/passwd",
]
QUERY_NAMES = ["q", "halaman", "sumber", "page", "next", "contest", "tps", "kode", "lang"]
NESTED_JSON = "[" * 1000 + "]" * 1000
ODD_JSON = ['{"nik": [[[[]]]], "tally": {"votes.1": 1e400}}', "null", '"x"', "{", '{"approve": "ya", "id": -1}']
TOO_LARGE = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
SPECIAL = "3276011006001"
ROLES = [
    "kpu_ri",
    "kpu_provinsi",
    "kpu_depok",
    "ppk",
    "pps",
    "kpps",
    "party_operator",
    "pemkot_viewer",
    "health_officer",
    "integrator",
    "city_field_officer",
]  # the KPPS's TPS, which has a result (so its result and version pages exist)


def url_patterns(resolver=None, prefix: str = ""):
    """Every (route, converters) of the site, nested includes flattened."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, dict(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else {}


def fill(route: str, values: dict) -> str:
    """The route with each <name> or <conv:name> replaced by its value, percent-encoded."""

    def value(match):
        return quote(str(values[match.group(1)]), safe="")

    path = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    # A regex route (the API's catch-all for unknown paths): a sample path under it.
    return "/" + path.replace("^.*$", "odd/path").replace("^", "").replace("$", "")


def urls(route: str, converters: dict, version_ids: list[int]) -> tuple[list[str], list[str]]:
    """(URLs on real values, URLs with one parameter made odd) for one pattern: each value of each
    parameter with the others at their first real value (each level's page, not every pair)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    kinds = {name: type(converters.get(name)).__name__ for name in names}
    real_values = {
        name: (version_ids or [1]) if kinds[name] == "IntConverter" else REAL.get(name, ["1"]) for name in names
    }
    odd_values = {
        name: ODD_INT
        if kinds[name] == "IntConverter"
        else ["x", "a-" * 40, "0", "ppwp-2019"]
        if kinds[name] == "SlugConverter"
        else ODD_TEXT
        for name in names
    }
    first = {name: values[0] for name, values in real_values.items()}

    def varied(values: dict) -> list[str]:
        return [fill(route, {**first, name: value}) for name in names for value in values[name]]

    return list(dict.fromkeys(varied(real_values) or [fill(route, {})])), list(dict.fromkeys(varied(odd_values)))


class FormFields(HTMLParser):
    """The names of the inputs of a page's forms, by method, and whether any takes a file."""

    def __init__(self):
        super().__init__()
        self.fields = {"get": set(), "post": set()}
        self.files: set[str] = set()
        self.method = "get"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.method = (attrs.get("method") or "get").lower()
        elif tag in ("input", "select", "textarea") and attrs.get("name"):
            if attrs.get("type") == "file":
                self.files.add(attrs["name"])
            elif attrs["name"] != "csrfmiddlewaretoken":
                self.fields.setdefault(self.method, set()).add(attrs["name"])


def form_fields(response) -> FormFields:
    parser = FormFields()
    if response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode("utf-8", "replace"))
    return parser


def odd_data(names, rotation: int) -> dict:
    return {name: ODD_VALUES[(i + rotation) % len(ODD_VALUES)] for i, name in enumerate(sorted(names))}


@pytest.fixture
def world(officers, settings, tmp_path):
    """The fixture slice with every role signed in somewhere, and one result with a pending correction."""
    settings.VAR_DIR = tmp_path
    people = dict(officers)
    people["pps"] = make_officer("pps_a", "pps", "3276011006")
    people["kpu_provinsi"] = make_officer("kpu_jabar", "kpu_provinsi", "32")
    people["party_operator"] = make_officer("partai", "party_operator", "partai-1")
    people["pemkot_viewer"] = make_officer("pemkot", "pemkot_viewer", "3276")
    people["health_officer"] = make_officer("sehat", "health_officer", "3276")
    people["integrator"] = make_officer("aplikasi", "integrator", "3276")
    people["city_field_officer"] = make_officer("lapangan", "city_field_officer", "3276")
    photo = photo_bytes()
    first = result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=SPECIAL,
        tally=consistent_tally(),
        photos=[photo],
        submission_id="fuzz-0001",
    )
    return people, [first.version.id]


# Pages that answer everyone alike (the API reads tokens, not sessions): signed in, a plain GET is enough.
SAME_FOR_EVERYONE = ("/api/v1/", "/hasil/", "/wilayah/", "/tps/", "/cek-dpt/", "/foto/")


IDENTITIES = ["anonymous", *ROLES]
BROAD = {"anonymous", "kpu_ri", "kpps"}  # who gets the odd paths and odd bodies too


# One test per identity, so that the workers share the fuzzing (it is the suite's longest test).
@pytest.mark.parametrize("who", IDENTITIES)
def test_no_url_answers_a_5xx_to_anyone(world, who):
    people, version_ids = world
    failures: list[str] = []
    addresses = itertools.count(1)
    turn = IDENTITIES.index(who)
    user = None if who == "anonymous" else people[who]

    started = timezone.now()
    sent = 0

    def send(client, who, method, url, **kwargs):
        nonlocal sent
        sent += 1
        n = next(addresses)  # each request its own address: the per-address limits stay out of the way
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        try:
            response = getattr(client, method)(url, REMOTE_ADDR=address, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the test client re-raises a view's exception
            failures.append(f"{who} {method.upper()} {url[:120]}: {type(exc).__name__}: {str(exc)[:160]}")
            return None
        if response.status_code >= 500:
            failures.append(f"{who} {method.upper()} {url[:120]}: {response.status_code} {response.content[:160]!r}")
        return response

    patterns = list(url_patterns())
    client = Client()
    for route, converters in patterns:
        real, odd = urls(route, converters, version_ids)
        if user is not None and ("/" + route).startswith(SAME_FOR_EVERYONE):
            real, odd = real[:1], []
        for url in real:
            if user is not None:
                client.force_login(user)  # again each time: a POST to /keluar/ signs out
            page = send(client, who, "get", url)
            if user is not None and ("/" + route).startswith(SAME_FOR_EVERYONE):
                continue
            fields = form_fields(page) if page is not None else FormFields()
            opened = page is not None and page.status_code == 200
            query_names = set(QUERY_NAMES) | fields.fields.get("get", set())
            if user is None and url == real[0]:  # every odd value in every name, once per pattern
                queries = [dict.fromkeys(query_names, value) for value in ODD_VALUES]
            elif opened or user is None:
                queries = [odd_data(query_names, turn)]
            else:  # refused before it reads anything
                queries = []
            for query in queries:
                send(client, who, "get", f"{url}?{urlencode(query)}")
            data = odd_data(fields.fields.get("post", set()) or {"x"}, turn)
            data.update({name: _upload(turn) for name in fields.files})
            send(client, who, "post", url, data=data)
            if who in BROAD:
                for body in (ODD_JSON[turn % len(ODD_JSON)], NESTED_JSON, TOO_LARGE):
                    send(client, who, "post", url, data=body, content_type="application/json")
        if who in BROAD:
            for url in odd:
                if user is not None:
                    client.force_login(user)
                send(client, who, "get", url)
                if user is None:
                    send(client, who, "post", url, data={"x": "1"})

    elapsed = (timezone.now() - started).total_seconds()
    print(f"{sent} requests to {len(patterns)} URL patterns in {elapsed:.0f} s")
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:60])


def _upload(rotation: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    contents = [b"not an image at all", photo_bytes()[:100]]
    return SimpleUploadedFile(f"foto{rotation}.jpg", contents[rotation % len(contents)], content_type="image/jpeg")
