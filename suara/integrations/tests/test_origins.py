"""The origin rule: what an integrator may register, kept as browsers serialise their Origin header."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.integrations.origins import OriginProblem, origin_normalize


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("https://app.depok.go.id", "https://app.depok.go.id"),
        ("  HTTPS://App.Depok.GO.ID/ ", "https://app.depok.go.id"),
        ("https://app.depok.go.id:443", "https://app.depok.go.id"),
        ("https://app.depok.go.id:8443", "https://app.depok.go.id:8443"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://127.0.0.1:80", "http://127.0.0.1"),
        ("https://bükit.example", "https://xn--bkit-0ra.example"),
    ],
)
def test_an_origin_is_kept_as_the_browser_sends_it(text, origin):
    assert origin_normalize(text) == origin


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "kosong"),
        ("app.depok.go.id", "skema"),
        ("ftp://app.depok.go.id", "skema"),
        ("javascript:alert(1)", "skema"),
        ("http://app.depok.go.id", "http hanya untuk mesin lokal"),
        ("https://app.depok.go.id/path", "tanpa path"),
        ("https://app.depok.go.id?x=1", "tanpa path"),
        ("https://app.depok.go.id#top", "tanpa path"),
        ("https://user:pw@app.depok.go.id", "nama pengguna"),
        ("https://app depok.go.id", "spasi"),
        ("https://app.depok.go.id\x00", "kendali"),
        ("https://[::1]", "IPv4"),
        ("https://-bad-.example", "host"),
        ("https://example.123", "host"),
        ("https://app.depok.go.id:99999", "bukan origin"),
        ("https://app.depok.go.id:0", "port"),
        ("https://" + "a" * 250 + ".id", "200"),
        ("*", "skema"),
        ("null", "skema"),
    ],
)
def test_what_is_not_an_origin_is_refused_with_its_reason(text, problem):
    with pytest.raises(OriginProblem, match=problem):
        origin_normalize(text)


@given(st.text(max_size=80))
def test_any_text_is_either_refused_or_a_fixed_point(text):
    try:
        origin = origin_normalize(text)
    except OriginProblem:
        return
    assert origin_normalize(origin) == origin
    scheme, _, rest = origin.partition("://")
    assert scheme in ("http", "https")
    assert "/" not in rest and "?" not in rest and "#" not in rest and "@" not in rest


@given(
    st.lists(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True), min_size=1, max_size=4),
    st.sampled_from(["com", "id", "go.id"]),
    st.one_of(st.none(), st.integers(1, 65535)),
)
def test_every_https_host_and_port_is_accepted(labels, tld, port):
    host = ".".join([*labels, tld])
    text = f"https://{host}" + (f":{port}" if port is not None else "")
    expected = f"https://{host}" + (f":{port}" if port not in (None, 443) else "")
    assert origin_normalize(text.upper()) == expected
