"""`voicecoach questions from` as the user runs it: a process of its own, offline and quick,
loading no model, no audio stack and no UI (issue 23)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from voicecoach.questions import parse_bank

ROOT = Path(__file__).resolve().parents[2]
JOB = ROOT / "samples" / "texts" / "test" / "sre-jd.md"
PROBE = """
import sys
from voicecoach.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("faster_whisper", "ctranslate2", "sounddevice", "textual", "librosa")
               if m in sys.modules)
print("HEAVY", heavy, file=sys.stderr)
raise SystemExit(code)
"""


def test_drafts_in_a_process_of_its_own_without_the_model(tmp_path: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--home", str(tmp_path), "questions", "from", str(JOB)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stderr
    saved = tmp_path / "drafted-sre-jd.toml"
    assert f"Saved to {saved}" in result.stdout
    questions = parse_bank(saved.read_text(encoding="utf-8"), str(saved))
    assert any("Istio" in q.prompt for q in questions)
    assert elapsed < 20, f"took {elapsed:.1f} s"  # about 0.3 s here; a busy machine is slower


def test_a_missing_file_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voicecoach", "questions", "from", str(tmp_path / "job.md")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"voicecoach: {tmp_path / 'job.md'}: no such file; check the name and path\n"
    )
