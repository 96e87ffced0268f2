"""Drive the real `python -m voicecoach` in a tmux terminal: start, send keys, read the screen.

Shared by the end-to-end, recovery and hardening tests; each session gets its own name and is
killed when the test ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

TMUX_TIMEOUT_S = 10.0  # one tmux command (the server answers in milliseconds)

# The variables that choose CTranslate2's CPU code paths (`make test-cpus`). A tmux server that
# is already running gives a new session its own environment, not the test's, so they are
# passed on explicitly: the app then hears with the configuration under test.
CPU_CONFIG_PREFIXES = ("CT2_", "MKL_", "ONEDNN_", "DNNL_", "OMP_")


def cpu_config_env() -> dict[str, str]:
    """This process's CPU-configuration variables, for a process started through tmux."""
    return {k: v for k, v in os.environ.items() if k.startswith(CPU_CONFIG_PREFIXES)}


class TmuxApp:
    """One app process in a detached tmux session (a real terminal, 120x40)."""

    def __init__(
        self,
        home: Path,
        env: Mapping[str, str] = (),
        args: str = "--no-voice --no-mic-check",
        prefix: str = "",
    ) -> None:
        """``args``: the app's options; by default no voice and no microphone check (the
        tests that record press space once and expect the recording; the check has its own
        test)."""
        self.name = f"vc-{uuid.uuid4().hex[:8]}"
        self.home = home
        pidfile = home / f".{self.name}.pid"
        self.pidfile = pidfile
        # The shell records the app's pid (exec keeps it), so tests can signal the app itself.
        command = (
            f"sh -c 'echo $$ > {pidfile}; exec {prefix} {sys.executable} -m voicecoach {args}'"
            "; echo EXITED-$?; sleep 60"
        )
        extra = [
            a
            for k, v in {**cpu_config_env(), **dict(env), "VOICECOACH_HOME": str(home)}.items()
            for a in ("-e", f"{k}={v}")
        ]
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "120",
                "-y",
                "40",
                *extra,
                command,
            ],
            check=True,
            env={**os.environ, "TERM": "xterm-256color", **dict(env), "VOICECOACH_HOME": str(home)},
            timeout=TMUX_TIMEOUT_S,
        )

    @property
    def pid(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                return int(self.pidfile.read_text().strip())
            except (OSError, ValueError):
                time.sleep(0.05)
        raise AssertionError("the app's pid was never written")

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", self.name],
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT_S,
        ).stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def keys(self, *names: str) -> None:
        for name in names:
            subprocess.run(
                ["tmux", "send-keys", "-t", self.name, name], check=True, timeout=TMUX_TIMEOUT_S
            )
            # A bare Escape followed at once by another key reads as Alt+key in a terminal.
            time.sleep(0.4 if name == "Escape" else 0.15)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the app process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, busy_below: float = 0.3, timeout: float = 120.0) -> None:
        """Wait until the app uses under ``busy_below`` of a core for a whole second.

        After the model loads, the analysis warms up (the VAD session, numpy features: 0.2-0.4 s
        now, several seconds when it used librosa's JIT); tests that time speech start after it
        so the process is quiet.
        """
        deadline = time.monotonic() + timeout
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(1.0)
            now = self.cpu_seconds()
            if now - last < busy_below:
                return
            last = now
        raise AssertionError(f"the app stayed busy for {timeout:.0f} s")

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "kill-session", "-t", self.name], capture_output=True, timeout=TMUX_TIMEOUT_S
        )
