"""The kinds of job there are. An app declares each of its kinds in its own ``job_kinds.py`` with
``register(JobKind(...))``; the jobs app imports every app's module when Django starts (``apps.py``).

A kind says what it is called (translated), who may start it (an action over the job's scope, the
authorization rule's), on which scopes it runs, which options it takes (its own checker), whether it takes
an uploaded file, and the runner that does the work (``runner(ctx) -> (summary, result_name)``; see
``jobs.runner.JobContext``). A kind's scope is a region unless it says otherwise (``scope_kind``: a
party's member list is the party's). Kind names are global: a second registration of a name is refused."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from suara.accounts.roles import Action, Scope, ScopeKind
from suara.core.errors import DomainError
from suara.jobs.errors import JobErrorCode

if TYPE_CHECKING:
    from suara.jobs.runner import JobContext


def no_params(params: Mapping[str, Any]) -> dict:
    return {}


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Any  # a lazy translation
    action: Action  # who may start the job, see it and download its result, over its scope
    run: Callable[[JobContext], tuple[dict, str]]  # -> (summary counts, result file name or "")
    scope_lengths: tuple[int, ...] = (0, 2, 4, 6, 10)  # region code lengths; 0 national
    check_params: Callable[[Mapping[str, Any]], dict] = no_params  # the options kept, checked
    upload_suffixes: tuple[str, ...] = ()  # non-empty: the job needs an uploaded file of these types
    summary_labels: Mapping[str, Any] = field(default_factory=dict)  # what the page calls the counts
    start_url: str = ""  # the URL name of the page that starts it (the job list links there)
    # What a job's scope code names: a region (the default), or a party or an organisation by its code
    # (``scope_lengths`` then does not apply: the code is checked as the scope kind's).
    scope_kind: ScopeKind = ScopeKind.REGION

    def target(self, code: str) -> Scope | str:
        """What the authorization rule is asked about for a job of this kind with scope ``code``."""
        return code if self.scope_kind == ScopeKind.REGION else Scope(self.scope_kind, code)


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(name, None)


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


def kind_named(name: str) -> JobKind:
    kind = _KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise DomainError(JobErrorCode.UNKNOWN_JOB_KIND, "Jenis tugas tidak dikenal.", field="kind")
    return kind


def label_of(name: str) -> str:
    kind = _KINDS.get(name)
    return str(kind.label) if kind else name
