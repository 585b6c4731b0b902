"""No test module imports another: what tests share lives in a conftest.py (fixtures) or in an app's
tests/support.py (helpers), so that each test module is collected, skipped and changed on its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def is_test_module(dotted: str) -> bool:
    parts = dotted.split(".")
    return any(package == "tests" and name.startswith("test_") for package, name in zip(parts, parts[1:], strict=False))


def imported_test_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """The test modules a module imports, anywhere in it, with their lines; ``package``: the module's own."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            here = package.split(".")
            base = here[: len(here) - node.level + 1] if node.level else []  # level 1 is the package itself
            module = ".".join([*base, *([node.module] if node.module else [])])
            if is_test_module(module):
                found.append((node.lineno, module))
            else:
                found += [
                    (node.lineno, f"{module}.{alias.name}")
                    for alias in node.names
                    if is_test_module(f"{module}.{alias.name}")
                ]
    return found


def test_no_test_module_imports_another():
    sources = [*sorted(ROOT.glob("suara/**/tests/*.py")), ROOT / "conftest.py"]
    assert len(sources) > 100  # the scan sees the suite
    offenders = []
    for path in sources:
        package = ".".join(path.relative_to(ROOT).parent.parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [
            f"{path.relative_to(ROOT)}:{line} imports {module}" for line, module in imported_test_modules(tree, package)
        ]
    assert not offenders, "move what is shared into a conftest.py or tests/support.py:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "source",
    [
        "from suara.results.tests.test_recap import body",
        "from suara.core.tests import test_api_fuzz",
        "from suara.core.tests import support, test_cli",
        "import suara.core.tests.test_cli",
        "import suara.core.tests.test_cli as cli",
        "from .test_recap import body",
        "from . import test_recap",
        "from ..tests.test_recap import body",
        "from ...voters.tests.test_services import person",
        "def helper():\n    from suara.results.tests.test_recap import body",
    ],
)
def test_every_way_of_importing_a_test_module_is_found(source):
    assert imported_test_modules(ast.parse(source), "suara.results.tests")


@pytest.mark.parametrize(
    "source",
    [
        "from suara.results.tests.support import body",
        "from suara.results.tests import support",
        "from . import support",
        "from conftest import make_officer",
        "from suara import test_settings",
        "import suara.test_settings",
        "from suara.results import tests",
    ],
)
def test_helpers_conftest_and_settings_are_not_test_modules(source):
    assert imported_test_modules(ast.parse(source), "suara.results.tests") == []
