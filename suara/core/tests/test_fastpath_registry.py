"""The fast paths' registry: every declared route answers exactly the paths Django's URL resolver sends
to the view it stands in for, and the one middleware finds each route by its method and first path
segment. That the answers are the full stack's, byte for byte, is tested per app
(results/tests/test_results_api_fastpath.py, results/tests/test_public_pages.py,
voters/tests/test_api_cek_dpt_fastpath.py, parties/tests/lookup/test_api_fastpath.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import resolve
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from suara.core import fastpath
from suara.core.fastpath import FastRoute, compile_route, fast_routes, literal_prefix, routing_table, url_patterns

ROUTES = fast_routes()
ROUTE_IDS = [f"{route.method} {route.name}" for route in ROUTES]


def test_the_routes_declared_are_the_hot_paths():
    assert {(route.method, route.name) for route in ROUTES} == {
        ("GET", "api-v1:recap_national"),
        ("GET", "api-v1:recap_region"),
        ("GET", "api-v1:tps_result"),
        ("GET", "results:national"),
        ("GET", "results:region_recap"),
        ("GET", "results:tps_result"),
        ("POST", "api-v1:cek_dpt_lookup"),
        ("POST", "api-v1:party_member_lookup"),
        ("POST", "api-v1:result_submit"),
        ("POST", "api-v1:officer_checkin"),
        ("POST", "api-v1:network_survey"),
        ("GET", "announcements:rss"),
        ("GET", "announcements:atom"),
        ("GET", "announcements:rss_category"),
        ("GET", "announcements:atom_category"),
        ("GET", "announcements:calendar"),
    }


def test_one_middleware_answers_them_right_after_the_security_headers():
    middleware = settings.MIDDLEWARE
    assert [m for m in middleware if "fastpath" in m] == ["suara.core.fastpath.FastPathMiddleware"]
    at = middleware.index("suara.core.fastpath.FastPathMiddleware")
    assert middleware[at - 1] == "suara.core.middleware.ContentSecurityPolicyMiddleware"
    assert at < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_each_example_resolves_to_the_routes_view_with_the_same_arguments(route):
    compiled = compile_route(route, url_patterns())[1]
    resolved = resolve(route.example)

    assert resolved.view_name == route.name
    assert compiled.kwargs(route.example) == resolved.kwargs
    assert callable(compiled.handler)


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_the_middleware_finds_each_route_by_method_and_first_segment(route):
    table = routing_table()
    bucket = table[(route.method, fastpath.first_segment(route.example))]
    matching = [compiled for compiled in bucket if compiled.kwargs(route.example) is not None]

    assert matching and matching[0].route == route


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_every_path_a_route_takes_resolves_to_its_view(route):
    """Paths drawn from the route's own pattern, odd characters included: Django's resolver sends each
    to the same view with the same arguments, so no earlier URL pattern shadows a fast route."""
    compiled = compile_route(route, url_patterns())[1]

    @hypothesis_settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(compiled.regex, fullmatch=True))
    def check(path):
        kwargs = compiled.kwargs(path)
        if kwargs is None:  # only a converter may refuse what the regex takes (Django's resolver then moves on)
            assert compiled.converters, path
            return
        resolved = resolve(path)
        assert resolved.view_name == route.name, path
        assert resolved.kwargs == kwargs

    check()


def test_a_route_must_name_a_url_pattern():
    with pytest.raises(ImproperlyConfigured, match="no URL pattern"):
        compile_route(
            FastRoute("GET", "api-v1:no_such_view", "suara.voters.fastroutes.cek_dpt_lookup", "/"), url_patterns()
        )


def test_a_route_whose_first_segment_is_a_parameter_is_refused(monkeypatch):
    # portal's region pages start with a literal; a pattern like "<slug:contest>/" could not be bucketed.
    patterns = [("x:first", "/(?P<contest>[-a-zA-Z0-9_]+)/\\Z", {})]
    monkeypatch.setattr(fastpath, "url_patterns", lambda: patterns)
    monkeypatch.setattr(
        fastpath, "fast_routes", lambda: [FastRoute("GET", "x:first", "suara.voters.fastroutes.cek_dpt_lookup", "/a/")]
    )
    with pytest.raises(ImproperlyConfigured, match="literal"):
        routing_table()


@pytest.mark.parametrize(
    ("regex", "prefix"),
    [
        ("/api/v1/results\\Z", "/api/v1/results"),
        ("/api/v1/cek\\-dpt\\Z", "/api/v1/cek-dpt"),
        ("/api/v1/contests/(?P<contest>[^/]+)/recap\\Z", "/api/v1/contests/"),
        ("/hasil/(?P<contest>[-a-zA-Z0-9_]+)/\\Z", "/hasil/"),
        ("/a/b+/c", "/a/"),
        ("/a\\d", "/a"),
        ("/x.y", "/x"),
    ],
)
@hypothesis_settings(max_examples=30, deadline=None, database=None)
@given(data=st.data())
def test_the_literal_prefix_is_what_every_match_starts_with(regex, prefix, data):
    assert literal_prefix(regex) == prefix
    assert data.draw(st.from_regex(regex, fullmatch=True)).startswith(prefix)


def test_the_handlers_import_no_api_module():
    """Handlers call services and answer with the answer modules: loading every one of them (in a fresh
    interpreter) loads neither the NinjaAPI (``suara.api``) nor any app's API module or URLconf."""
    import os
    import subprocess
    import sys

    script = (
        "import django, sys; django.setup()\n"
        "from django.utils.module_loading import import_string\n"
        "from suara.core.fastpath import fast_routes\n"
        "for route in fast_routes(): import_string(route.handler)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('suara.') and m.endswith(('.api', '.urls'))))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "suara.test_settings"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert done.stdout.split() == []
