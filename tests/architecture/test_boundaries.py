"""Layer boundaries: the core never imports Textual; the UI never imports the heavy libraries
(faster-whisper, CTranslate2, librosa, Piper, sounddevice) at import time, so it starts at once.

Each import runs in a fresh interpreter so one module's imports cannot hide another's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "voicecoach"
HEAVY = ("faster_whisper", "ctranslate2", "librosa", "piper", "sounddevice")

PROBE = """
import importlib, json, sys
name = sys.argv[1]
error = None
try:
    importlib.import_module(name)
except Exception as exc:
    error = f"{type(exc).__name__}: {exc}"
top = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"error": error, "top": top}))
"""


def core_modules() -> list[str]:
    """Every module outside voicecoach/ui (``__main__`` runs the CLI, so it is left out)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[1:2] == ["ui"] or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def probe(module: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@cache
def core_results() -> dict[str, dict[str, object]]:
    """All core modules probed two at a time (the machines have two cores)."""
    modules = core_modules()
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(modules, pool.map(probe, modules), strict=True))


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    result = core_results()[module]
    assert result["error"] is None, f"{module} does not import: {result['error']}"
    assert "textual" not in result["top"], f"{module} imports textual (only voicecoach.ui may)"
    assert "textual_plotext" not in result["top"]


def test_ui_app_imports_nothing_heavy() -> None:
    result = probe("voicecoach.ui.app")
    assert result["error"] is None, result["error"]
    heavy = sorted(set(HEAVY) & set(result["top"]))  # type: ignore[arg-type]
    assert heavy == [], f"voicecoach.ui.app imports {heavy} at import time; import them lazily"
