"""The UI's import rules (issue 20): the App module is the glue that imports the screens, never
the other way round, and the ui modules form no circle. Imports are read from the source with
``ast``, so imports inside functions, under ``TYPE_CHECKING`` and by ``importlib.import_module``
with a literal name count too (a test that imports the modules would miss them)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "voicecoach" / "ui"
APP = "voicecoach.ui.app"


def module_name(path: Path) -> str:
    parts = ["voicecoach", "ui", *path.relative_to(UI).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


UI_MODULES = {module_name(p): p for p in sorted(UI.rglob("*.py"))}


def imported_names(path: Path) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name)


def imports_in(source: str, module: str, filename: str = "<test>") -> set[str]:
    """Every module ``source`` (the text of ``module``) imports anywhere: ``from a import b``
    counts as ``a.b`` when that is a ui module, else as ``a``."""
    tree = ast.parse(source, filename=filename)
    package = module if filename == "__init__.py" else module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in UI_MODULES else base)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def ui_graph() -> dict[str, set[str]]:
    """Each ui module and the ui modules it imports."""
    return {
        name: {n for n in imported_names(path) if n in UI_MODULES and n != name}
        for name, path in UI_MODULES.items()
    }


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports, as the modules along it (first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_sees_the_screens() -> None:
    """The reading works: the App's imports of the screens (its own and its navigation's, which
    it inherits) are seen, those inside functions and by ``import_module`` included."""
    graph = ui_graph()
    navigation = "voicecoach.ui.navigation"
    assert navigation in graph[APP]
    assert {
        "voicecoach.ui.questions",
        "voicecoach.ui.practice",
        "voicecoach.ui.results",
        "voicecoach.ui.history",  # importlib.import_module("voicecoach.ui.history")
        "voicecoach.ui.help",  # inside action_help
    } <= graph[APP] | graph[navigation]


def test_no_ui_module_but_the_app_imports_the_app_module() -> None:
    importers = sorted(
        name for name, path in UI_MODULES.items() if name != APP and APP in imported_names(path)
    )
    assert importers == [], f"{importers} import {APP}: pass data in, or post a message"


def test_ui_modules_form_no_circle() -> None:
    circle = find_circle(ui_graph())
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def test_the_guard_sees_late_imports_and_circles() -> None:
    """The guard itself: an import inside a function, a relative one and one by name are read;
    a circle through three modules is found."""
    source = (
        "import importlib\n"
        "def f():\n"
        "    from voicecoach.ui.app import VoiceCoachApp\n"
        "    from . import widgets\n"
        "    importlib.import_module('voicecoach.ui.replay')\n"
    )
    assert imports_in(source, "voicecoach.ui.history") >= {
        APP,
        "voicecoach.ui.widgets",
        "voicecoach.ui.replay",
    }
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set(), "c": {"a"}}) is None
