"""A data directory that cannot be written to (a backup, a read-only mount) can still be read:
`voicecoach history` failed with "... is not writable"; writing there still fails in one line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf
from support.analyses import silent_analysis
from test_user_mistakes import immutable, vc

from voicecoach.store import Store


def _home_with_one_answer(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    Store(home).save(silent_analysis(), audio, "intro")
    return home


def test_history_and_export_read_a_data_directory_they_cannot_write(tmp_path: Path) -> None:
    home = _home_with_one_answer(tmp_path)
    with immutable(home):
        done = vc("history", "--json", "--home", str(home))
        assert done.returncode == 0, done.stderr
        assert [r["question"] for r in json.loads(done.stdout)] == ["intro"]
        out = tmp_path / "out"
        done = vc("export", str(out), "--home", str(home))
        assert done.returncode == 0, done.stderr
        assert len(json.loads((out / "attempts.json").read_text())) == 1
        # Writing there is still the one line naming the folder.
        done = vc("delete", "1", "--yes", "--home", str(home))
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert str(home) in done.stderr and "writable" in done.stderr
    assert Store(home).list()  # nothing was changed or moved aside
