"""The live cues in a real terminal (tmux) with the virtual microphone and the real model: an
answer with a long silence in the middle, to the user's own question with a short target, shows
"silent N s" counting up through the silence, then "wrap up", then "over time", while it is
recorded; speaking again clears the silence cue, and it does not come back while the answer goes
on (it did: the live pass listens to nothing new while it transcribes a chunk, and that lag was
counted as silence) (issue 22).

Only what the user sees is asserted (the cue words and their order), never exact timings: the
pane is polled with a deadline, and the answer leaves seconds of margin between the cues.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "intro-short.wav"
MODEL = ROOT / "models" / "tiny.en"

pytestmark = [
    pytest.mark.model,
    pytest.mark.audio,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(
        not (MODEL / "model.bin").exists(),
        reason="the tiny.en model is not installed (make models)",
    ),
]

# The answer: the sample's first sentence ("Hi, I'm Bhargav, a Python back end developer.",
# speech ends about 3.5 s in), a silence, then the rest of the sample (speech again, its
# longest pause 1.2 s: under the 2 s that starts the silence cue).
FIRST_SENTENCE_S = 3.75
SILENCE_S = 9.0
# The question's target band: "wrap up" from 9 s (19 - 10), "over time" after 19 s. The silence
# cue is due about 5.5 s in (speech ends ~3.5 s, then the config's 2 s very long pause), 3.5 s
# before "wrap up"; the second part's speech starts ~13 s in and is still going at 19 s.
TARGET = (5, 19)
TITLE = "Cue check"
CUE_LINE = re.compile(r"(fillers so far|live cues off).*")
SILENT = re.compile(r"silent (\d+) s")


def write_question(home: Path) -> None:
    """The user's own question, as `voicecoach questions add` would keep it."""
    from voicecoach.paths import own_questions_file
    from voicecoach.questions import Question
    from voicecoach.questions.own import write_own

    question = Question("cue-check", TITLE, "Tell me about your week.", *TARGET)
    write_own(own_questions_file(home), [question])


def answer_with_a_long_silence(path: Path) -> Path:
    import soundfile as sf

    samples, rate = sf.read(SAMPLE, dtype="float32")
    cut = int(FIRST_SENTENCE_S * rate)
    silence = np.zeros(int(SILENCE_S * rate), dtype=np.float32)
    sf.write(path, np.concatenate([samples[:cut], silence, samples[cut:]]), rate)
    return path


def cue_line(screen: str) -> str:
    match = CUE_LINE.search(screen)
    return " ".join(match.group(0).split()) if match else ""


def test_silence_wrap_up_and_over_time_show_in_order_while_recording(
    virtual_mic: Any, tmp_path: Path
) -> None:
    from support.tmux_session import TmuxApp

    home = tmp_path / "home"
    home.mkdir()
    write_question(home)
    answer = answer_with_a_long_silence(tmp_path / "answer.wav")
    app = TmuxApp(home, {**virtual_mic.env, "HF_HUB_OFFLINE": "1"})
    lines: list[tuple[float, str]] = []  # (seconds since recording began, the cue line)
    try:
        app.wait_for(TITLE, 30)
        app.keys("End", "Enter")  # the user's own questions come last on the list
        app.wait_for(f"{TARGET[0]}-{TARGET[1]} s", 15)
        app.wait_for(": ready", 120)
        app.wait_idle()
        app.keys("Space")
        app.wait_for("RECORDING", 20)
        started = time.monotonic()
        player = virtual_mic.play_into_mic(answer)
        try:
            deadline = started + 60
            while time.monotonic() < deadline and player.poll() is None:
                line = cue_line(app.screen())
                if not lines or lines[-1][1] != line:
                    lines.append((time.monotonic() - started, line))
                time.sleep(0.1)
        finally:
            player.wait(60)
        timeline = "\n".join(f"{t:5.1f} s  {line}" for t, line in lines)
        app.keys("Escape")  # left mid-answer: kept and offered on the list
        app.wait_for("Choose a question", 20)
        app.keys("q")
        assert "Traceback" not in app.wait_for("EXITED-0", 30)
    finally:
        app.kill()
    shown = [line for _, line in lines]

    def first(word: str) -> int:
        found = [i for i, line in enumerate(shown) if word in line]
        assert found, f"{word!r} never showed while recording; the cues were:\n{timeline}"
        return found[0]

    assert first("silent ") < first("wrap up") < first("over time"), timeline
    # Through the silence the cue counts up, with no new words to refresh it...
    silent = [i for i, line in enumerate(shown) if "silent " in line]
    run = [i for i in silent if i - silent[0] == silent.index(i)]  # the first silence's lines
    counts = [int(m[1]) for i in run if (m := SILENT.search(shown[i]))]
    assert counts == sorted(counts) and len(set(counts)) >= 3, timeline
    # ... and once the answer goes on (its pauses all under 2 s) it is gone for good, even while
    # the live pass is busy transcribing what was said.
    assert not silent[len(run) :], timeline
    assert any("over time" in line and "silent" not in line for line in shown), timeline
