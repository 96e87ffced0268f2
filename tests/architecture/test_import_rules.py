"""The import rules (issue 20), checked on every import grimp sees, those inside functions and
under TYPE_CHECKING too: the import-linter contracts in pyproject.toml hold, and no module under
voicecoach/ imports one that imports it back, directly or through others."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "voicecoach"


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports (directly)."""
    graph = grimp.build_graph(PACKAGE)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def circles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: groups of modules each of which reaches every other one (Tarjan's
    strongly connected components of more than one module, or one that imports itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(imports):
        if start in index:
            continue
        work = [(start, iter(sorted(imports[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, targets = work[-1]
            for target in targets:
                if target not in imports:
                    continue
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(imports[target]))))
                    break
                if target in on_stack:
                    low[module] = min(low[module], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1 or module in imports[module]:
                        found.append(sorted(group))
    return found


def describe(imports: dict[str, set[str]], group: Iterable[str]) -> str:
    """One line per circle: its modules and, for each, the ones in the circle it imports."""
    members = set(group)
    return "\n".join(f"  {m} -> {', '.join(sorted(imports[m] & members))}" for m in sorted(members))


def test_circles_are_found() -> None:
    """The finder itself: a circle through three modules, one module importing itself, and a
    chain with no way back."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"d"}}
    assert sorted(circles(graph)) == [["a", "b", "c"], ["e"]]


def test_no_import_circle(imports: dict[str, set[str]]) -> None:
    """No module imports one that imports it back, directly or through others."""
    found = circles(imports)
    assert not found, "modules that import each other back:\n" + "\n\n".join(
        describe(imports, group) for group in found
    )


def test_import_contracts_hold() -> None:
    """The import-linter contracts (pyproject.toml, [tool.importlinter]), as `make test` runs
    them: the core never imports the UI or Textual, the layers, every module placed."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.fail(f"{lint_imports} is missing: `make setup` installs import-linter")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
