"""The fast paths: the few requests of election season that carry nearly all the traffic (anonymous
real-count reads, cek DPT, a KPPS's submission) are answered by one middleware right after the security
headers, by the same functions the full stack would call, and then given what the layers they skipped
would have added to the answer.

Each app declares its fast routes in its own ``fastroutes.py``: ``ROUTES``, a tuple of ``FastRoute``. A
route names the URL pattern it stands in for (``"api-v1:recap_region"``); the middleware takes that
pattern's regex and converters from Django's URL resolver, so a fast route matches exactly the paths
its pattern matches, never a copy of it (a test resolves every route's example and generated paths with
``django.urls.resolve``). Its handler takes the request and the pattern's keyword arguments and returns
the full stack's answer, byte for byte, or None to leave the request to the full stack untouched (a
signed-in visitor, a query string, a body it does not read). Handlers call services and selectors and
answer with ``core.answers`` and their app's answer functions, which the NinjaAPI's operations use too.

Dispatch costs one dict lookup by method and first path segment, then the compiled patterns of that
bucket (a handful at most); a request no route takes costs only the lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, converters, get_resolver
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string, module_has_submodule

# Converters whose to_python gives the text back: nothing to call.
_AS_TEXT = (converters.StringConverter, converters.SlugConverter, converters.PathConverter)


@dataclass(frozen=True)
class FastRoute:
    method: str  # "GET", "POST"
    name: str  # the URL name of the pattern it stands in for, with its namespace: "api-v1:result_submit"
    handler: str  # dotted path of handler(request, **kwargs) -> HttpResponse | None
    example: str  # a path it answers: documentation, and the registry's test resolves it


def fast_routes() -> list[FastRoute]:
    """Every installed app's declared routes (``<app>/fastroutes.py``), in INSTALLED_APPS order."""
    routes: list[FastRoute] = []
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, "fastroutes"):
            routes.extend(import_module(f"{app.name}.fastroutes").ROUTES)
    return routes


class CompiledRoute(NamedTuple):
    """A route as the middleware runs it (a tuple: unpacked in its loop)."""

    prefix: str  # the pattern's literal start: a path without it is not tried against the regex
    regex: re.Pattern
    converters: tuple[tuple[str, Callable[[str], object]], ...]  # only those that change the text
    handler: Callable[..., HttpResponse | None]
    route: FastRoute

    def kwargs(self, path: str) -> dict | None:
        """The pattern's keyword arguments for ``path``, converted as Django converts them; None when
        the path is not this pattern's."""
        if not path.startswith(self.prefix):
            return None
        match = self.regex.fullmatch(path)
        return None if match is None else _converted(match.groupdict(), self.converters)


def _converted(kwargs: dict, converting: tuple) -> dict | None:
    for name, to_python in converting:
        try:
            kwargs[name] = to_python(kwargs[name])
        except ValueError:  # the converter refuses it: Django's resolver then tries the next pattern
            return None
    return kwargs


def url_patterns() -> list[tuple[str, str, dict]]:
    """Every URL pattern as the resolver tries it, in order: its view name (``"namespace:name"``, as
    ``resolve(path).view_name`` says it), its regex whole from the root (matched against ``path_info``)
    and its converters."""
    found: list[tuple[str, str, dict]] = []

    def walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...], outer: dict) -> None:
        for entry in resolver.url_patterns:
            regex = prefix + entry.pattern.regex.pattern.removeprefix("^")
            joined = {**outer, **entry.pattern.converters}
            if isinstance(entry, URLResolver):
                walk(entry, regex, (*namespaces, entry.namespace) if entry.namespace else namespaces, joined)
            elif entry.name:
                found.append((":".join((*namespaces, entry.name)), regex, joined))

    root = get_resolver()
    walk(root, root.pattern.regex.pattern.removeprefix("^"), (), {})
    return found


def compile_route(route: FastRoute, patterns: list[tuple[str, str, dict]]) -> tuple[int, CompiledRoute]:
    """The route's place in URLconf order and its compiled pattern: the first pattern of its name, the
    one ``reverse`` and ``resolve`` reach."""
    for index, (view_name, regex, found_converters) in enumerate(patterns):
        if view_name == route.name:
            return index, CompiledRoute(
                prefix=literal_prefix(regex),
                regex=re.compile(regex),
                converters=tuple(
                    (key, converter.to_python)
                    for key, converter in found_converters.items()
                    if not isinstance(converter, _AS_TEXT)
                ),
                handler=import_string(route.handler),
                route=route,
            )
    raise ImproperlyConfigured(f"fast route {route.name!r}: no URL pattern of that name")


def literal_prefix(regex: str) -> str:
    """The text every match of ``regex`` starts with: its characters up to the first that is not a
    literal (a group, a class, a repetition, an anchor such as ``\\Z``); an escaped punctuation mark is
    literal."""
    text = []
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            following = regex[index + 1 : index + 2]
            if not following or following.isalnum():
                break
            text.append(following)
            index += 2
            continue
        if char in ".^$*+?{}[]()|":
            break
        text.append(char)
        index += 1
    if index < len(regex) and regex[index] in "*+?{" and text:
        text.pop()  # the last character is repeated: it may be absent
    return "".join(text)


def first_segment(path: str) -> str:
    return path[1:].partition("/")[0]


def _bucket_segment(compiled: CompiledRoute) -> str:
    """The first path segment every path of the pattern starts with; a pattern whose first segment is a
    parameter cannot be bucketed, and is refused at start-up."""
    segment, slash, _ = compiled.prefix[1:].partition("/")
    whole = compiled.regex.pattern.removesuffix("\\Z") == re.escape(compiled.prefix)
    if not compiled.prefix.startswith("/") or not segment or not (slash or whole):
        raise ImproperlyConfigured(f"fast route {compiled.route.name!r}: its first path segment must be literal")
    return segment


def routing_table() -> dict[tuple[str, str], tuple[CompiledRoute, ...]]:
    """(method, first path segment) → the compiled routes of that bucket, in URLconf order."""
    patterns = url_patterns()
    table: dict[tuple[str, str], list[tuple[int, CompiledRoute]]] = {}
    for route in fast_routes():
        index, compiled = compile_route(route, patterns)
        table.setdefault((route.method, _bucket_segment(compiled)), []).append((index, compiled))
    return {
        key: tuple(compiled for _, compiled in sorted(entries, key=lambda e: e[0])) for key, entries in table.items()
    }


class FastPathMiddleware:
    """Answers the registered fast routes; everything else, and whatever a handler leaves, goes on down
    the stack unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.table = routing_table()

    def __call__(self, request: HttpRequest):
        path = request.path_info
        routes = self.table.get((request.method, path[1:].partition("/")[0]))
        if routes is not None:
            for prefix, regex, converting, handler, _ in routes:  # CompiledRoute.kwargs, inlined
                if path.startswith(prefix) and (match := regex.fullmatch(path)) is not None:
                    kwargs = match.groupdict()
                    if converting:  # a refusal by a converter leaves the path to the full stack's resolver
                        kwargs = _converted(kwargs, converting)
                    if kwargs is not None:
                        response = handler(request, **kwargs)
                        if response is not None:
                            return as_full_stack_answers(request, response)
                    break
        return self.get_response(request)


def chosen_language(request: HttpRequest) -> str:
    """The visitor's choice from the language switch, else Indonesian (see IndonesianFirstMiddleware)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def as_full_stack_answers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Adds what LocaleMiddleware, CommonMiddleware and XFrameOptionsMiddleware add to every answer."""
    patch_vary_headers(response, ("Accept-Language",))
    response.headers.setdefault("Content-Language", chosen_language(request))
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    if not response.streaming:
        response.headers.setdefault("Content-Length", str(len(response.content)))
    return response
