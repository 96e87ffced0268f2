"""The locked install: what `make setup` puts in .venv is the lock, and the lock is pyproject's.

Two users who install a week apart must measure the same thing, so the environment the tests run
in is checked against requirements.lock, and the lock against what pyproject.toml asks for (a
dependency added to pyproject.toml without `make lock` fails here, not on someone else's machine).
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def _locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def _wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = list(project["project"]["dependencies"])
    for extra in project["project"]["optional-dependencies"].values():
        lines += extra
    lines += project["build-system"]["requires"]
    return [Requirement(line) for line in lines]


def test_every_locked_package_carries_a_hash() -> None:
    text = LOCK.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [b.split()[0] for b in blocks if PIN.match(b) and "--hash=sha256:" not in b]
    assert unhashed == [], f"{unhashed}: run `make lock` (pip-compile --generate-hashes)"


def test_the_lock_satisfies_pyproject() -> None:
    pins = _locked()
    wrong = []
    for req in _wanted():
        if req.marker is not None and not req.marker.evaluate():
            continue
        version = pins.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            wrong.append(f"{req} (locked: {version})")
    assert wrong == [], f"pyproject.toml changed without `make lock`: {wrong}"


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="checks the project's own .venv, made by `make setup`",
)
def test_the_environment_is_exactly_the_lock() -> None:
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("voicecoach", None)  # the project itself, installed editable from the tree
    installed.pop("pip", None)  # the venv's own installer, not a dependency
    assert installed == _locked(), (
        ".venv differs from requirements.lock: run `make clean setup` to rebuild it"
    )


def test_a_benchmark_says_where_it_ran() -> None:
    """Figures from another CPU or another CTranslate2 are not comparable: the JSON must say."""
    from benchmarks.accuracy import to_json

    env = to_json([], "tiny.en")["environment"]
    assert env["cpu"] and env["cores"] >= 1 and env["python"] == sys.version.split()[0]
    pins = _locked()
    for name in ("faster-whisper", "ctranslate2", "onnxruntime", "numpy"):
        assert env["libraries"][name] == pins[name]
