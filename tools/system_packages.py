"""The system packages `make setup` (``run``) and `make test-deps` (``test``) need, by platform.

Run by the Makefile with the system python3 (before .venv exists), so the standard library
only. It reads /etc/os-release and platform.system(): on Debian/Ubuntu (apt) and Fedora (dnf)
it installs what is missing when run as root, and otherwise names the command to run; on
macOS (Homebrew) it names the command; elsewhere it names what to install. Where the Python
wheels carry PortAudio and libsndfile (sounddevice's and soundfile's wheels for macOS and
Windows bundle them), the app needs no system package at all. Tests call ``plan`` and
``main`` with the platform faked.

    python3 tools/system_packages.py run|test
"""

from __future__ import annotations

import ctypes.util
import glob
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

OS_RELEASE = Path("/etc/os-release")
SETS = ("run", "test")

# What each set needs, by package manager. run: the microphone (PortAudio), audio files
# (libsndfile), a fallback voice when Piper is missing (espeak-ng). test: the virtual
# microphone (a PulseAudio daemon and its tools, ALSA's pulse plugin, alsa-utils) and tmux.
PACKAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "apt": {
        "run": ("libportaudio2", "libsndfile1", "espeak-ng"),
        "test": ("pulseaudio", "pulseaudio-utils", "libasound2-plugins", "alsa-utils", "tmux"),
    },
    "dnf": {
        "run": ("portaudio", "libsndfile", "espeak-ng"),
        "test": ("pulseaudio", "pulseaudio-utils", "alsa-plugins-pulseaudio", "alsa-utils", "tmux"),
    },
    # The wheels carry PortAudio and libsndfile; Piper reads the questions aloud.
    "brew": {"run": (), "test": ("tmux",)},
}
# Elsewhere: what to look for, and how to name it.
GENERIC: dict[str, tuple[tuple[str, str], ...]] = {
    "run": (
        ("lib:portaudio", "PortAudio (libportaudio.so.2)"),
        ("lib:sndfile", "libsndfile"),
        ("bin:espeak-ng", "espeak-ng"),
    ),
    "test": (
        ("bin:pulseaudio", "PulseAudio (the pulseaudio daemon)"),
        ("bin:paplay", "PulseAudio's tools (paplay, pactl)"),
        ("alsa-pulse", "ALSA's pulse plugin (libasound_module_pcm_pulse.so)"),
        ("bin:arecord", "alsa-utils (arecord, aplay)"),
        ("bin:tmux", "tmux"),
    ),
}
INSTALL = {
    "apt": ("apt-get", "install", "-y", "-qq"),
    "dnf": ("dnf", "install", "-y", "-q"),
}
SUGGEST = {
    "apt": "sudo apt-get install",
    "dnf": "sudo dnf install",
    "brew": "brew install",
}
AUDIO_TESTS_LINUX = (
    "the tests marked audio need Linux (a PulseAudio daemon and ALSA); deselect them here "
    "with -m 'not audio'"
)


@dataclass(frozen=True)
class System:
    """What the machine is: platform.system() and /etc/os-release's fields."""

    kind: str  # platform.system(): Linux, Darwin, Windows...
    os_release: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        names = {"Darwin": "macOS", "Windows": "Windows"}
        return self.os_release.get("PRETTY_NAME") or names.get(self.kind, self.kind or "unknown")

    @property
    def family(self) -> str | None:
        """apt, dnf or brew: the package manager setup knows here; None elsewhere."""
        if self.kind == "Darwin":
            return "brew"
        if self.kind != "Linux":
            return None
        ids = [self.os_release.get("ID", ""), *self.os_release.get("ID_LIKE", "").split()]
        ids = [i.strip().lower() for i in ids]
        if any(i in ("debian", "ubuntu") for i in ids):
            return "apt"
        if any(i in ("fedora", "rhel", "centos") for i in ids):
            return "dnf"
        return None


def parse_os_release(text: str) -> dict[str, str]:
    """/etc/os-release's KEY=value lines, quotes removed."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, eq, value = line.strip().partition("=")
        if eq and key and not key.startswith("#"):
            fields[key] = value.strip().strip("\"'")
    return fields


def this_system() -> System:
    kind = platform.system()
    release: dict[str, str] = {}
    if kind == "Linux":
        try:
            release = parse_os_release(OS_RELEASE.read_text(encoding="utf-8"))
        except OSError:
            pass
    return System(kind, release)


@dataclass(frozen=True)
class Plan:
    """What to do on this system for one set: the packages by the manager's names (empty when
    the wheels carry everything), or, on a system setup does not know, what to look for."""

    system: System
    which: str
    manager: str | None
    packages: tuple[str, ...]
    generic: tuple[tuple[str, str], ...] = ()
    note: str = ""


def plan(system: System, which: str) -> Plan:
    manager = system.family
    note = ""
    if which == "test" and system.kind != "Linux":
        note = AUDIO_TESTS_LINUX
    if manager is not None:
        return Plan(system, which, manager, PACKAGES[manager][which], note=note)
    if system.kind == "Linux":
        return Plan(system, which, None, (), GENERIC[which])
    # Windows and the rest: the wheels carry PortAudio and libsndfile.
    needs = () if which == "run" else (("bin:tmux", "tmux"),)
    return Plan(system, which, None, (), needs, note)


# --- what is installed ------------------------------------------------------------------------


def _quiet(command: Sequence[str]) -> bool:
    try:
        done = subprocess.run(
            list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def package_installed(manager: str, package: str) -> bool:
    if manager == "apt":
        return _quiet(["dpkg", "-s", package])
    if manager == "dnf":
        return _quiet(["rpm", "-q", package])
    if manager == "brew":  # tmux alone today: its command says enough
        return shutil.which(package) is not None
    return False


def found(probe: str) -> bool:
    """A library, a command or ALSA's pulse plugin, on a system setup has no names for."""
    what, _, name = probe.partition(":")
    if what == "lib":
        return ctypes.util.find_library(name) is not None
    if what == "bin":
        return shutil.which(name) is not None
    if probe == "alsa-pulse":
        patterns = (
            "/usr/lib*/alsa-lib/libasound_module_pcm_pulse.so",
            "/usr/lib*/*/alsa-lib/libasound_module_pcm_pulse.so",
        )
        return any(glob.glob(p) for p in patterns)
    return False


# --- doing it ---------------------------------------------------------------------------------


def install(manager: str, packages: Sequence[str]) -> bool:
    """As root with apt or dnf: install, and with apt update the lists once if that failed
    (a fresh container's lists are empty), as the Makefile did."""
    command = [*INSTALL[manager], *packages]
    if _quiet(command):
        return True
    if manager == "apt":
        return _quiet(["apt-get", "update", "-qq"]) and _quiet(command)
    return False


@dataclass
class Effects:
    """What touches the machine, replaced in the tests."""

    is_installed: Callable[[str, str], bool] = package_installed
    is_found: Callable[[str], bool] = found
    install: Callable[[str, Sequence[str]], bool] = install
    is_root: Callable[[], bool] = lambda: hasattr(os, "geteuid") and os.geteuid() == 0
    has_command: Callable[[str], bool] = lambda name: shutil.which(name) is not None


def apply(p: Plan, effects: Effects, out: Callable[[str], None], err: Callable[[str], None]) -> int:
    """Check, install or name; 0 when the set is there (or needs nothing), 1 otherwise."""
    if p.note:
        out(f"note: {p.note}")
    if p.manager is None:
        missing_names = [label for probe, label in p.generic if not effects.is_found(probe)]
        if not missing_names:
            return 0
        err(
            f"{p.system.name}: setup installs system packages on Debian/Ubuntu, Fedora and "
            f"macOS only; install these with your package manager: {', '.join(missing_names)}; "
            "then run make again"
        )
        return 1
    missing = [pkg for pkg in p.packages if not effects.is_installed(p.manager, pkg)]
    if not missing:
        return 0
    listed = " ".join(missing)
    tool = INSTALL.get(p.manager, ("brew",))[0]
    if p.manager in INSTALL and effects.is_root() and effects.has_command(tool):
        out(f"installing system packages: {listed}")
        if effects.install(p.manager, missing):
            return 0
        err(f"could not install {listed} with {tool}")
        return 1
    how = SUGGEST[p.manager]
    if p.manager == "brew" and not effects.has_command("brew"):
        err(f"missing: {listed}; install Homebrew (https://brew.sh), then: {how} {listed}")
        return 1
    err(f"missing system package(s): {listed}; install them with: {how} {listed}")
    return 1


def main(
    argv: Sequence[str] | None = None,
    system: System | None = None,
    effects: Effects | None = None,
) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0] not in SETS:
        print("usage: python3 tools/system_packages.py run|test", file=sys.stderr)
        return 2
    chosen = plan(system or this_system(), args[0])
    return apply(
        chosen,
        effects or Effects(),
        lambda line: print(line),
        lambda line: print(line, file=sys.stderr),
    )


if __name__ == "__main__":
    sys.exit(main())
