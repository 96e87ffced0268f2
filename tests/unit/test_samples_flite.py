"""The flite clips (samples/flite/, issue 19): a third engine's voices, split by who they are.

flite's awb and slt are built from the CMU ARCTIC speakers whose real recordings are in the test
part; if their synthetic clips went to tuning, a threshold chosen on tuning would have heard the
test speakers. And each part needs enough of flite's hesitations to measure them on their own.
"""

from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FLITE = sorted((SAMPLES / "flite").glob("*.truth.json"))


def test_flite_clips_are_split_by_the_person_behind_the_voice() -> None:
    from benchmarks.accuracy import part_of, speaker_parts, truth_files

    parts = speaker_parts()
    real = json.loads((SAMPLES / "real" / "voices.json").read_text())
    real_parts = {part_of(c, parts) for c in real["clips"] if "CMU ARCTIC" in c["speaker"]}
    assert real_parts == {"test"}
    hesitations = {"tuning": 0, "test": 0}
    assert set(FLITE) <= set(truth_files())
    for path in FLITE:
        t = json.loads(path.read_text())
        assert t["voice"].startswith("flite:")
        name = t["voice"].removeprefix("flite:")
        if name in ("awb", "slt"):
            assert t["speaker"] == f"CMU ARCTIC {name}"
        part = part_of(t, parts)
        assert part == t["split"] == ("test" if name in ("awb", "slt") else "tuning"), path.name
        hesitations[part] += sum(f["kind"] == "hesitation" for f in t["fillers"])
    assert hesitations["tuning"] >= 60 and hesitations["test"] >= 60
