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
# The question's target band: "wrap up" from 10 s (20 - 10), "over time" after 20 s. The silence
# cue is due about 5.5 s in (speech ends ~3.5 s, then the config's 2 s very long pause), over 4 s
# before "wrap up"; the second part's speech starts ~13 s in and goes on to ~22.5 s.
TARGET = (5, 20)
TITLE = "Cue check"
PROMPT = "Tell me about your week."
CUE_LINE = re.compile(r"(fillers so far|live cues off).*")
SILENT = re.compile(r"silent (\d+) s")


def write_question(home: Path) -> None:
    """The user's own question, as `voicecoach questions add` would keep it."""
    from voicecoach.paths import own_questions_file
    from voicecoach.questions import Question
    from voicecoach.questions.own import write_own

    question = Question("cue-check", TITLE, PROMPT, *TARGET)
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
    # (seconds since recording began, the cue line, whether the answer was still playing)
    lines: list[tuple[float, str, bool]] = []
    try:
        app.wait_for(TITLE, 30)
        app.keys("End", "Enter")  # the user's own questions come last on the list
        app.wait_for(PROMPT, 15)  # the practice screen
        app.wait_for(": ready", 120)
        app.wait_idle()
        app.keys("Space")
        app.wait_for("RECORDING", 20)
        started = time.monotonic()
        player = virtual_mic.play_into_mic(answer)
        try:
            deadline = started + 60
            seen_over_time = False
            while time.monotonic() < deadline and (player.poll() is None or not seen_over_time):
                playing = player.poll() is None
                line = cue_line(app.screen())
                seen_over_time = seen_over_time or "over time" in line
                if not lines or lines[-1][1:] != (line, playing):
                    lines.append((time.monotonic() - started, line, playing))
                time.sleep(0.1)
        finally:
            player.wait(60)
        timeline = "\n".join(
            f"{t:5.1f} s  {line}{'' if playing else '  (played)'}" for t, line, playing in lines
        )
        app.keys("Escape")  # left mid-answer: kept and offered on the list
        app.wait_for("Choose a question", 20)
        app.keys("q")
        assert "Traceback" not in app.wait_for("EXITED-0", 30)
    finally:
        app.kill()
    shown = [line for _, line, _ in lines]

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
    assert not [i for i in silent[len(run) :] if lines[i][2]], timeline
    assert any("over time" in line and "silent" not in line for line in shown), timeline
