"""The named vocabularies: error codes and audit actions are enum members everywhere, the enums agree
with the code that raises them, and the documentation generated from them is current."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import suara
from suara.audit import vocabulary
from suara.core import shedding
from suara.core.errors import ErrorCodes
from suara.results.recap.readiness import Refusal

SOURCE = Path(suara.__file__).resolve().parent
# Callables whose argument at this position is an error code.
CODE_ARGUMENT = {
    "DomainError": 0,
    "NotFound": 0,
    "Conflict": 0,
    "PermissionDenied": 0,
    "SourceError": 0,  # voters.importing: its code becomes the DomainError's
    "check_digits": 2,  # voters.inputs
    "_error": 2,  # suara.api
}
STATUS = {"DomainError": 400, "NotFound": 404, "Conflict": 409, "PermissionDenied": 403}
AUDIT_WRITERS = {"audit_record", "audit_event", "_record"}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _error_families(modules) -> set[str]:
    """DomainError and every class that derives from it, by name, across the source tree."""
    family = {"DomainError", "NotFound", "Conflict", "PermissionDenied", "RateLimited"}
    grown = True
    while grown:
        grown = False
        for _, tree in modules:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in family
                    and {_name(b) for b in node.bases} & family
                ):
                    family.add(node.name)
                    grown = True
    return family


def _code_arguments(tree: ast.Module, family: set[str]):
    """(call name, code argument node, call node) for each place an error code is given."""
    found = []

    def visit(node: ast.AST, in_error_class: bool) -> None:
        if isinstance(node, ast.ClassDef):
            in_error_class = bool({_name(b) for b in node.bases} & family)
        if isinstance(node, ast.Call):
            name = _name(node.func)
            index = CODE_ARGUMENT.get(name)
            if name == "__init__" and in_error_class:  # super().__init__(code, ...) or Base.__init__(self, code, ...)
                index = 0 if isinstance(node.func.value, ast.Call) else 1
            if index is not None and len(node.args) > index:
                found.append((name, node.args[index], node))
        for child in ast.iter_child_nodes(node):
            visit(child, in_error_class)

    visit(tree, False)
    return found


def _literals(node: ast.expr) -> list[str]:
    """The string literals an expression may evaluate to as a whole (a constant, an f-string, a choice)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(node)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _literals(value)]
    return []


def _members() -> dict[str, ErrorCodes]:
    return {f"{e.__name__}.{m.name}": m for e in vocabulary.error_code_enums() for m in e}


def test_every_error_code_is_an_enum_member():
    modules = _modules()
    family = _error_families(modules)
    literal = [
        f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {name}({ast.unparse(argument)}, ...)"
        for path, tree in modules
        for name, argument, node in _code_arguments(tree, family)
        if _literals(argument)
    ]
    assert not literal, "error codes given as plain strings; use an enum member (<app>/errors.py):\n" + "\n".join(
        literal
    )


def test_the_scan_finds_a_plain_code():
    tree = ast.parse(
        'class Gone(NotFound):\n    def __init__(self):\n        super().__init__("gone", "Hilang.")\n'
        'raise Conflict("taken" if x else "held", "Sudah ada.")\n'
        'raise DomainError(ErrorCode.FORBIDDEN, "Tidak.")\n'
    )
    found = [a for _, a, _ in _code_arguments(tree, _error_families([(None, tree)])) if _literals(a)]
    assert [_literals(a) for a in found] == [["gone"], ["taken", "held"]]


def test_a_raised_code_is_answered_with_the_status_its_member_declares():
    members = _members()
    wrong = []
    for path, tree in _modules():
        for name, argument, node in _code_arguments(tree, set()):
            if name not in STATUS or not isinstance(argument, ast.Attribute):
                continue
            member = members.get(ast.unparse(argument))
            if member is None:
                continue
            status = STATUS[name]
            for keyword in node.keywords:
                if keyword.arg == "status":
                    status = ast.literal_eval(keyword.value)
            if status not in member.statuses:
                wrong.append(
                    f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {member} is {status}, not {member.status}"
                )
    assert not wrong, "\n".join(wrong)


def test_every_audit_action_is_an_enum_member():
    literal = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in AUDIT_WRITERS:
                for keyword in node.keywords:
                    if keyword.arg == "action" and _literals(keyword.value):
                        literal.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {ast.unparse(keyword.value)}")
    assert not literal, "audit actions given as plain strings; use an enum member (<app>/audit_actions.py):\n" + (
        "\n".join(literal)
    )


def test_codes_and_actions_are_declared_once_and_named_alike():
    codes = [m for e in vocabulary.error_code_enums() for m in e]
    assert len({str(m) for m in codes}) == len(codes)
    assert all(m.name == str(m).upper() for m in codes)
    assert all(m.meaning and "\n" not in m.meaning for m in codes)
    actions = [(e, m) for e in vocabulary.audit_action_enums() for m in e]
    assert len({str(m) for _, m in actions}) == len(actions)
    for enum_class, member in actions:
        app = enum_class.__module__.split(".")[1]
        assert str(member) == f"{app}.{member.name.lower()}"


def test_codes_made_elsewhere_are_declared():
    """Codes that reach the API from pure rules and raw bodies are members too."""
    from suara.people.eligibility import eligibility_problem  # noqa: F401  (the module the codes come from)
    from suara.people.errors import PeopleErrorCode
    from suara.people.nik import MESSAGES
    from suara.voters.services import ELIGIBILITY_MESSAGES

    assert set(MESSAGES) <= set(PeopleErrorCode)
    assert set(ELIGIBILITY_MESSAGES) <= set(PeopleErrorCode)
    declared = {str(m) for m in _members().values()}
    assert {str(r) for r in Refusal} <= declared
    assert json.loads(shedding._API_BODY)["code"] in declared


def test_the_documentation_is_generated_from_the_enums():
    stale = vocabulary.stale_docs()
    assert not stale, f"{', '.join(stale)} stale: run `{vocabulary.COMMAND}` and commit the result"


def test_a_stale_list_is_noticed_and_rewritten(tmp_path):
    for file, name, _ in vocabulary.SECTIONS:
        text = (vocabulary.DOCS / file).read_text(encoding="utf-8")
        begin = text.index(f"<!-- {name}:")
        (tmp_path / file).write_text(text[:begin] + text[begin:].replace("| `", "| `x", 1))
    assert vocabulary.stale_docs(tmp_path) == ["api.md", "audit.md"]
    assert vocabulary.write_docs(tmp_path) == ["api.md", "audit.md"]
    assert vocabulary.stale_docs(tmp_path) == []


def test_a_file_without_its_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        vocabulary.with_section("# API\n", "error-codes", "| x |")
