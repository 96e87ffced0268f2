"""`voicecoach replay ID` of a follow-up's answer names the attempt it followed, as
`voicecoach history` and the app's replay do ("leader.disagreement (follow-up to 1)"); it
showed the question id alone, the link lost."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import soundfile as sf
from rich.console import Console
from support.analyses import silent_analysis

from voicecoach.commands import replay as replay_cmd
from voicecoach.store import Store


class InstantPlayer:
    def __init__(self, path: Path) -> None:
        self.position_s, self.duration_s = 0.0, 1.0

    @property
    def finished(self) -> bool:
        self.position_s += 0.5
        return self.position_s >= self.duration_s

    def play(self) -> None: ...
    def stop(self) -> None: ...


def test_a_follow_ups_replay_names_its_parent(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(replay_cmd, "POLL_S", 0.0)
    store = Store(tmp_path / "home")
    for name in ("a.wav", "b.wav"):
        sf.write(tmp_path / name, np.zeros(1600, dtype=np.float32), 16000)
    parent = store.save(silent_analysis(), tmp_path / "a.wav", "leader")
    child = store.save(
        silent_analysis(), tmp_path / "b.wav", "leader.disagreement", parent_id=parent.id
    )
    for attempt, shown in (
        (child, f"leader.disagreement (follow-up to {parent.id})"),
        (parent, "leader ·"),
    ):
        out = io.StringIO()
        assert replay_cmd.replay(attempt, InstantPlayer, Console(file=out, width=120)) == 0
        assert f"attempt {attempt.id} · {shown}" in out.getvalue()
    assert "follow-up to" not in out.getvalue()
