"""The named vocabularies in the documentation: docs/api.md's list of error codes and docs/audit.md's
list of audit actions are generated from the enums (``core.errors.ErrorCodes``, ``audit.actions.AuditActions``)
by ``suara docs-vocabulary``, between markers; a test fails when either file is stale.

Each Suara app declares its codes in ``<app>/errors.py`` and its actions in ``<app>/audit_actions.py``;
this module finds them by that convention in INSTALLED_APPS."""

from __future__ import annotations

import enum
import importlib
import importlib.util
import re
from pathlib import Path

from django.conf import settings

from suara.audit.actions import AuditActions
from suara.core.errors import ErrorCodes

# Packages that declare codes without being Django apps (no tables).
KERNEL_PACKAGES = ("suara.people",)
DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
COMMAND = "suara docs-vocabulary"


def _enums(module_name: str, base: type[enum.Enum]) -> list[type[enum.Enum]]:
    found = []
    for app in [*settings.INSTALLED_APPS, *KERNEL_PACKAGES]:
        if not app.startswith("suara."):
            continue
        name = f"{app}.{module_name}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, base)
                and value.__module__ == name
                and len(value.__members__)
            ):
                found.append(value)
    return found


def error_code_enums() -> list[type[ErrorCodes]]:
    """Every app's error-code enum, the shared ``ErrorCode`` first."""
    return _enums("errors", ErrorCodes)


def audit_action_enums() -> list[type[AuditActions]]:
    return _enums("audit_actions", AuditActions)


def _heading(vocabulary: type[enum.Enum]) -> str:
    """The enum's name and module, and the first sentence of its docstring (or else its module's)."""
    path = vocabulary.__module__.removeprefix("suara.").replace(".", "/")
    doc = vocabulary.__doc__ or importlib.import_module(vocabulary.__module__).__doc__ or ""
    summary = " ".join(doc.split()).split(" (see ")[0].split(". ")[0].rstrip(".")
    return f"**`{vocabulary.__name__}`** (`{path}.py`): {summary}."


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _status(member: ErrorCodes) -> str:
    return ", ".join(str(s) for s in member.statuses)


def error_codes_markdown() -> str:
    parts = []
    for vocabulary in error_code_enums():
        parts.append(_heading(vocabulary))
        parts.append("")
        parts.append("| code | HTTP | meaning |")
        parts.append("| --- | --- | --- |")
        for member in sorted(vocabulary, key=str):
            parts.append(f"| `{member}` | {_status(member)} | {_cell(member.meaning)} |")
        parts.append("")
    return "\n".join(parts).rstrip("\n")


def audit_actions_markdown() -> str:
    parts = []
    for vocabulary in audit_action_enums():
        parts += [_heading(vocabulary), "", "| action | what happened |", "| --- | --- |"]
        parts += [f"| `{member}` | {_cell(member.meaning)} |" for member in sorted(vocabulary, key=str)]
        parts.append("")
    return "\n".join(parts).rstrip("\n")


# (file, marker name, what goes between the markers)
SECTIONS = (
    ("api.md", "error-codes", error_codes_markdown),
    ("audit.md", "audit-actions", audit_actions_markdown),
)


def _markers(name: str) -> tuple[str, str]:
    return (
        f"<!-- {name}: generated from the enums by `{COMMAND}`; edit the enums, not this list -->",
        f"<!-- end of {name} -->",
    )


def with_section(text: str, name: str, body: str) -> str:
    """``text`` with the section between ``name``'s markers replaced by ``body``; ValueError without them."""
    begin, end = _markers(name)
    pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"the markers of {name} are missing")
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text, count=1)


def stale_docs(docs: Path = DOCS) -> list[str]:
    """The files whose generated sections differ from the enums."""
    stale = []
    for file, name, render in SECTIONS:
        text = (docs / file).read_text(encoding="utf-8")
        if with_section(text, name, render()) != text:
            stale.append(file)
    return stale


def write_docs(docs: Path = DOCS) -> list[str]:
    """Rewrites the generated sections; returns the files changed."""
    changed = []
    for file, name, render in SECTIONS:
        path = docs / file
        text = path.read_text(encoding="utf-8")
        new = with_section(text, name, render())
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(file)
    return changed
