"""The one authorization function every operator action goes through.

``authorize`` loads the user's role assignments and hands them to the pure rule in ``roles.decide``;
``require`` is the same, raising PermissionDenied for services and views to let propagate.
"""

from __future__ import annotations

from django.db import connection

from suara.accounts.models import RoleAssignment, User
from suara.accounts.roles import ALLOWED, Action, Assignment, Decision, Role, Scope, ScopeKind, decide
from suara.core.errors import ErrorCode, PermissionDenied


def assignments_of(user: User) -> list[Assignment]:
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_suara_assignments", None)
    if cached is None:
        # A plain statement: every authorized request asks (the ORM's query building cost more than it).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT role, scope, scope_kind FROM {RoleAssignment._meta.db_table} WHERE user_id = %s",  # noqa: S608
                [user.pk],
            )
            cached = [Assignment(Role(role), scope, ScopeKind(kind)) for role, scope, kind in cursor.fetchall()]
        user._suara_assignments = cached
    return cached


def assignments_subquery(user_id_column: str) -> str:
    """SQL for a user's assignments as an array of (role, scope, scope kind) triples, for a statement that
    reads the user anyway (PostgreSQL): the API token's lookup, so that authorizing its request needs no
    query."""
    table = RoleAssignment._meta.db_table
    return f"ARRAY(SELECT ARRAY[role, scope, scope_kind] FROM {table} WHERE user_id = {user_id_column})"  # noqa: S608


def assignments_known(user: User, triples: list[list[str]]) -> None:
    """Gives ``user`` the assignments just read by ``assignments_subquery``."""
    user._suara_assignments = [Assignment(Role(role), scope, ScopeKind(kind)) for role, scope, kind in triples]


def authorize(user: User, action: Action, target: Scope | str) -> Decision:
    """``target``: a ``Scope``, or the code of a region or TPS (see ``roles.decide``)."""
    return decide(assignments_of(user), action, target)


def require(user: User, action: Action, target: Scope | str) -> Role:
    """The role under which ``user`` may take ``action`` on ``target``; PermissionDenied otherwise."""
    decision = authorize(user, action, target)
    if not decision:
        raise PermissionDenied(ErrorCode.FORBIDDEN, f"Anda tidak berwenang: {decision.reason}.", field="scope")
    return decision.role


def holders(action: Action, target: Scope | str) -> list[User]:
    """The active accounts whose roles allow ``action`` on ``target`` (by ``roles.decide``, as ``authorize``
    would answer each of them), by username: e.g. who handles a kab/kota's complaints."""
    roles = [role.value for role in ALLOWED[action]]
    found: dict[int, User] = {}
    for assignment in RoleAssignment.objects.filter(role__in=roles, user__is_active=True).select_related("user"):
        held = Assignment(Role(assignment.role), assignment.scope, ScopeKind(assignment.scope_kind))
        if decide([held], action, target):
            found[assignment.user_id] = assignment.user
    return sorted(found.values(), key=lambda user: user.username)
