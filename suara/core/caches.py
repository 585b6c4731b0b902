"""The registry of process-local caches: each module that keeps one registers how to empty it, and
``clear_all`` empties them all. The test suite calls it before each test (the root conftest.py), so tests
run with the caches production runs, and a cached row of one test's database never answers in the next,
whose ids repeat. Pure: no Django."""

from __future__ import annotations

from collections.abc import Callable

_clearers: dict[str, Callable[[], None]] = {}


def register(name: str, clear: Callable[[], None]) -> Callable[[], None]:
    """Registers the function that empties the cache ``name`` (a dotted module path, say); returns it."""
    _clearers[name] = clear
    return clear


def registered() -> list[str]:
    return sorted(_clearers)


def clear_all() -> None:
    for clear in _clearers.values():
        clear()
