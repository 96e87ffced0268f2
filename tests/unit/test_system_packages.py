"""`make setup` on other systems (issue 22): tools/system_packages.py, with the platform faked
(os-release texts of Debian, Ubuntu, Fedora, Rocky, Arch; macOS; Windows) and the machine's
package database and installer replaced."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tools.system_packages import (
    Effects,
    System,
    main,
    parse_os_release,
    plan,
    this_system,
)

ROOT = Path(__file__).resolve().parents[2]

DEBIAN = """PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
ID=debian
"""
UBUNTU = """PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
ID=ubuntu
ID_LIKE=debian
"""
MINT = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'
FEDORA = """NAME="Fedora Linux"
VERSION="41 (Workstation Edition)"
ID=fedora
VERSION_ID=41
PRETTY_NAME="Fedora Linux 41 (Workstation Edition)"
"""
ROCKY = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n'
ARCH = 'NAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n'


def linux(text: str) -> System:
    return System("Linux", parse_os_release(text))


class Machine:
    """A fake machine: which packages it has, whether we are root, what got installed."""

    def __init__(
        self,
        have: Sequence[str] = (),
        root: bool = False,
        commands: Sequence[str] = ("apt-get", "dnf", "brew"),
        install_works: bool = True,
    ) -> None:
        self.have = set(have)
        self.installed: list[tuple[str, list[str]]] = []
        self.asked: list[str] = []
        self.effects = Effects(
            is_installed=lambda manager, pkg: self.ask(pkg),
            is_found=self.ask,
            install=self.install,
            is_root=lambda: root,
            has_command=lambda name: name in commands,
        )
        self.install_works = install_works

    def ask(self, name: str) -> bool:
        self.asked.append(name)
        return name in self.have

    def install(self, manager: str, packages: Sequence[str]) -> bool:
        self.installed.append((manager, list(packages)))
        return self.install_works


def run(
    which: str, system: System, machine: Machine, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = main([which], system, machine.effects)
    out, err = capsys.readouterr()
    return code, out, err


def test_debian_as_root_installs_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    machine = Machine(have=["libsndfile1", "espeak-ng"], root=True)
    code, out, err = run("run", linux(DEBIAN), machine, capsys)
    assert code == 0
    assert out == "installing system packages: libportaudio2\n"
    assert machine.installed == [("apt", ["libportaudio2"])]


def test_debian_not_root_names_the_apt_command(capsys: pytest.CaptureFixture[str]) -> None:
    machine = Machine(have=["libsndfile1"])
    code, _, err = run("run", linux(DEBIAN), machine, capsys)
    assert code == 1
    assert err == (
        "missing system package(s): libportaudio2 espeak-ng; install them with: "
        "sudo apt-get install libportaudio2 espeak-ng\n"
    )
    assert machine.installed == []


def test_nothing_to_do_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    have = ["libportaudio2", "libsndfile1", "espeak-ng"]
    assert run("run", linux(DEBIAN), Machine(have=have, root=True), capsys) == (0, "", "")


def test_a_failed_install_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    machine = Machine(root=True, install_works=False)
    code, _, err = run("test", linux(UBUNTU), machine, capsys)
    assert code == 1
    assert err == (
        "could not install pulseaudio pulseaudio-utils libasound2-plugins alsa-utils tmux "
        "with apt-get\n"
    )


@pytest.mark.parametrize("text", [DEBIAN, UBUNTU, MINT])
def test_debian_family_uses_the_makefiles_former_apt_names(text: str) -> None:
    system = linux(text)
    assert plan(system, "run").packages == ("libportaudio2", "libsndfile1", "espeak-ng")
    assert plan(system, "test").packages == (
        "pulseaudio",
        "pulseaudio-utils",
        "libasound2-plugins",
        "alsa-utils",
        "tmux",
    )


@pytest.mark.parametrize("text", [FEDORA, ROCKY])
def test_fedora_family_uses_dnf(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("run", linux(text), Machine(), capsys)
    assert code == 1
    assert err.endswith("install them with: sudo dnf install portaudio libsndfile espeak-ng\n")
    machine = Machine(have=["portaudio", "libsndfile"], root=True)
    assert run("run", linux(text), machine, capsys)[0] == 0
    assert machine.installed == [("dnf", ["espeak-ng"])]
    assert "alsa-plugins-pulseaudio" in plan(linux(text), "test").packages


def test_arch_is_told_what_to_install(capsys: pytest.CaptureFixture[str]) -> None:
    machine = Machine(have=["bin:espeak-ng", "lib:sndfile"], root=True)
    code, out, err = run("run", linux(ARCH), machine, capsys)
    assert code == 1
    assert err == (
        "Arch Linux: setup installs system packages on Debian/Ubuntu, Fedora and macOS only; "
        "install these with your package manager: PortAudio (libportaudio.so.2); "
        "then run make again\n"
    )
    assert machine.installed == []
    everything = ["lib:portaudio", "lib:sndfile", "bin:espeak-ng"]
    assert run("run", linux(ARCH), Machine(have=everything), capsys) == (0, "", "")
    code, _, err = run("test", linux(ARCH), Machine(), capsys)
    assert code == 1
    assert "PulseAudio (the pulseaudio daemon)" in err and "tmux" in err


def test_macos_needs_nothing_to_run_and_brew_for_the_tests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    mac = System("Darwin")
    machine = Machine(root=True)
    # The sounddevice and soundfile wheels carry PortAudio and libsndfile.
    assert run("run", mac, machine, capsys) == (0, "", "")
    assert machine.asked == [] and machine.installed == []
    code, out, err = run("test", mac, machine, capsys)
    assert code == 1
    assert "the tests marked audio need Linux" in out
    assert err == "missing system package(s): tmux; install them with: brew install tmux\n"
    assert machine.installed == []  # Homebrew is named, never run
    code, _, err = run("test", mac, Machine(commands=()), capsys)
    assert err.startswith("missing: tmux; install Homebrew (https://brew.sh), then: brew install")
    assert run("test", mac, Machine(have=["tmux"]), capsys)[0] == 0


def test_windows_needs_nothing_to_run(capsys: pytest.CaptureFixture[str]) -> None:
    windows = System("Windows")
    assert run("run", windows, Machine(), capsys) == (0, "", "")
    code, out, _ = run("test", windows, Machine(), capsys)
    assert code == 1 and "the tests marked audio need Linux" in out


def test_os_release_quotes_and_comments() -> None:
    fields = parse_os_release("# a comment\nID=\"fedora\"\nNAME='X Y'\n\nBAD LINE\n")
    assert fields == {"ID": "fedora", "NAME": "X Y"}


def test_this_machine_as_make_runs_it() -> None:
    """Here (Debian, root, the packages installed): nothing to do, with the system python3."""
    if this_system().kind == "Linux" and this_system().family == "apt":
        assert plan(this_system(), "run").manager == "apt"
    done = subprocess.run(
        [sys.executable, "tools/system_packages.py", "sideways"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == "usage: python3 tools/system_packages.py run|test\n"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\t@$(SYSTEM_PACKAGES) run\n" in makefile
    assert "\t@$(SYSTEM_PACKAGES) test\n" in makefile
