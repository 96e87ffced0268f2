"""The acoustic hesitation pass on labelled audio: what Whisper's loose timestamps must not hide."""

from __future__ import annotations

import json

from voicecoach.analysis.acoustic import reconcile_hesitations
from voicecoach.analysis.voice_activity import detect_voice_activity
from voicecoach.audio.files import load_audio
from voicecoach.paths import REPO_DIR
from voicecoach.results import Word

CLIP = REPO_DIR / "samples" / "intro-hesitant-espeak-us.flac"


def test_a_word_stretched_back_over_a_pause_does_not_hide_the_um_before_it() -> None:
    """Whisper often starts a word early, over the silence and the "um" before it."""
    samples = load_audio(CLIP).samples
    truth = json.loads(CLIP.with_suffix(".truth.json").read_text())
    hesitations = [f for f in truth["fillers"] if f["kind"] == "hesitation"]
    activity = detect_voice_activity(samples)

    def is_filler(region: object) -> bool:
        return any(
            abs(region.start - f["start"]) < 0.15 and abs(region.end - f["end"]) < 0.15  # type: ignore[attr-defined]
            for f in hesitations
        )

    # One "word" per speech region that is not a filler (Whisper wrote no filler at all), and the
    # word after each filler starts where the filler starts: the filler's voice is "covered".
    words: list[Word] = []
    regions = activity.regions
    for i, region in enumerate(regions):
        if is_filler(region):
            continue
        start = region.start
        if i > 0 and is_filler(regions[i - 1]):
            start = regions[i - 1].start
        words.append(Word("word", start, region.end, 0.9))
    assert len(words) < len(regions)  # the clip has filler regions to hide

    _words, fillers, _notes = reconcile_hesitations(samples, words, [], activity)

    found = [f for f in fillers if f.source == "acoustic"]
    for truth_filler in hesitations:
        assert any(abs(f.start - truth_filler["start"]) <= 0.5 for f in found), truth_filler


def test_a_word_within_one_voice_region_keeps_its_span() -> None:
    samples = load_audio(CLIP).samples
    activity = detect_voice_activity(samples)
    region = max(activity.regions, key=lambda r: r.duration)
    word = Word("backend", region.start + 0.05, region.end - 0.05, 0.9)
    _words, fillers, _notes = reconcile_hesitations(samples, [word], [], activity)
    assert all(not (region.start < f.start < region.end) for f in fillers)
