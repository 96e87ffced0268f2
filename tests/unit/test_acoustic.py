"""The acoustic hesitation pass on labelled audio: what Whisper's loose timestamps must not hide."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from voicecoach.analysis.acoustic import reconcile_hesitations, voiced_hums
from voicecoach.analysis.voice_activity import detect_voice_activity
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import Word
from voicecoach.paths import REPO_DIR

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


LEADER = REPO_DIR / "samples" / "leader-joe.flac"  # "um I proposed Celery, ... uh I also led ..."


def _leader() -> tuple[object, object, list[dict[str, float]], list[Word]]:
    """The clip, its voice activity, its true hesitations, and one word per other region."""
    samples = load_audio(LEADER).samples
    truth = json.loads(LEADER.with_suffix(".truth.json").read_text())
    hesitations = [f for f in truth["fillers"] if f["kind"] == "hesitation"]
    activity = detect_voice_activity(samples)

    def is_filler(r: object) -> bool:
        return any(abs(r.start - f["start"]) < 0.15 for f in hesitations)  # type: ignore[attr-defined]

    content = [Word("word", r.start, r.end, 0.9) for r in activity.regions if not is_filler(r)]
    assert len(content) == len(activity.regions) - len(hesitations)
    return samples, activity, hesitations, content


def test_a_word_whisper_slid_onto_an_um_goes_back_to_its_voice() -> None:
    """Live chunks give "I" the span of the "um" before it; the "I" itself is said after a pause."""
    samples, activity, hesitations, content = _leader()
    um = hesitations[0]
    first = content[0]  # "I proposed Celery": its word starts 0.2 s in, the "I" left uncovered
    words = [
        Word("I", um["start"] - 0.1, um["end"] + 0.1, 0.4),
        Word("proposed", first.start + 0.2, first.end, 0.9),
        *content[1:],
    ]
    out, fillers, _notes = reconcile_hesitations(samples, words, [], activity)  # type: ignore[arg-type]
    i_word = next(w for w in out if w.text == "I")
    assert first.start - 0.05 <= i_word.start < first.start + 0.2  # on its own voice
    assert any(abs(f.start - um["start"]) <= 0.15 for f in fillers)  # and the um is counted
    assert len(out) == len(words) + len(hesitations)


def test_a_word_that_is_the_uh_itself_is_counted_once() -> None:
    """Whisper writes the "uh" of "uh I also" as "If", with a zero-length timestamp after it."""
    samples, activity, hesitations, content = _leader()
    uh = hesitations[1]
    words = sorted(
        [*content, Word("If", uh["end"] + 0.15, uh["end"] + 0.15, 0.3)], key=lambda w: w.start
    )
    out, fillers, _notes = reconcile_hesitations(samples, words, [], activity)  # type: ignore[arg-type]
    assert all(w.text != "If" for w in out)
    assert any(abs(f.start - uh["start"]) <= 0.15 for f in fillers)
    assert len(out) == len(content) + len(hesitations)  # each sound counted once


def test_words_with_their_own_voice_next_to_fillers_stay() -> None:
    samples, activity, hesitations, content = _leader()
    out, fillers, _notes = reconcile_hesitations(samples, content, [], activity)  # type: ignore[arg-type]
    assert [w for w in out if w.text == "word"] == content
    assert len(fillers) == len(hesitations)


ALSA = Path("/usr/share/sounds/alsa")  # alsa-utils' speaker-test sounds: a real voice


@pytest.mark.skipif(not (ALSA / "Rear_Center.wav").exists(), reason="alsa-utils not installed")
@pytest.mark.parametrize(
    ("name", "heard"),
    [
        # What tiny.en wrote for each (word, start, end, probability).
        ("Rear_Center", [("rear", 0.0, 0.52, 0.53), ("center.", 0.52, 1.04, 0.79)]),
        ("Rear_Left", [("rear,", 0.0, 0.48, 0.47), ("left.", 0.94, 1.2, 0.99)]),
        ("Rear_Right", [("we're", 0.0, 0.8, 0.24), ("right.", 0.8, 1.18, 0.92)]),
    ],
)
def test_a_real_all_voiced_word_whisper_is_unsure_of_is_not_an_um(
    name: str, heard: list[tuple[str, float, float, float]]
) -> None:
    """A real "rear" is voiced from end to end and fairly steady, but less steady than a held
    "um" (spectral change 0.008-0.010 against 0.002-0.005): each of these used to become an "um"."""
    samples = load_audio(ALSA / f"{name}.wav").samples
    words = [Word(*w) for w in heard]
    out, fillers, _notes = reconcile_hesitations(samples, words, [], detect_voice_activity(samples))
    assert fillers == []
    assert [w.text for w in out] == [w.text for w in words]


REAL = Path(__file__).resolve().parents[2] / "samples" / "real"


def test_a_real_hum_silero_does_not_hear_is_still_voice_for_a_filler() -> None:
    """mfa-uhum.flac, a real speaker saying "montreal forced uh um uh hm hm um forced aligner":
    Silero gives its hums 0.01-0.33 (no speech), though they are 20-25 dB over the floor with a
    steady pitch. The one at 4.0-4.7 s must be found, and Whisper's "um"s get voice to stand on."""
    samples = load_audio(REAL / "mfa-uhum.flac").samples
    heard = [  # what tiny.en wrote: (word, start, end, probability)
        ("Montreal", 0.82, 1.36, 0.94),
        ("forced,", 1.36, 2.36, 0.35),
        ("uh,", 2.36, 2.36, 0.36),
        ("um,", 6.14, 6.14, 0.51),
        ("um,", 6.14, 6.14, 0.12),
        ("uh,", 6.14, 6.14, 0.54),
        ("uh,", 6.40, 6.40, 0.18),
        ("I'm", 6.40, 6.78, 0.51),
        ("forced", 6.78, 7.00, 0.77),
        ("to", 7.00, 7.12, 0.81),
        ("liner.", 7.12, 7.30, 0.33),
    ]
    words = [Word(*w) for w in heard]
    activity = detect_voice_activity(samples)
    assert activity.speech_between(3.95, 4.75) == 0.0  # Silero hears nothing there
    _out, fillers, _notes = reconcile_hesitations(samples, words, [2, 3, 4, 5, 6], activity)
    assert any(3.9 <= f.start and f.end <= 4.8 for f in fillers), fillers
    assert len(fillers) >= 3


def test_the_hummed_end_of_a_real_um_is_part_of_it() -> None:
    """mfa-um.flac ("montreal forced um aligner"): Silero hears the "u" of the "um" but not its
    "m"; the hum after it joins the region, so it is one filler, not an "uh" and an "um"."""
    samples = load_audio(REAL / "mfa-um.flac").samples
    heard = [
        ("Montreal", 2.50, 2.86, 0.93),
        ("forced,", 3.45, 3.81, 0.38),
        ("um,", 3.91, 5.01, 0.87),
        ("a", 6.40, 6.46, 0.53),
        ("liner.", 6.46, 6.64, 0.78),
    ]
    words = [Word(*w) for w in heard]
    _out, fillers, _notes = reconcile_hesitations(
        samples, words, [2], detect_voice_activity(samples)
    )
    assert [(f.text, f.end >= 5.0) for f in fillers] == [("um", True)]


def test_real_uhs_said_fast_with_a_silence_between_are_two_fillers() -> None:
    """mfa-uhuh.flac ("montreal uh uh uh uh uh uh forced aligner"): Silero makes one region of
    4.34-6.30 s, bridging a 0.1 s silence (-70 dB, floor -75) between a long "uhhh" (4.56-5.22 s)
    and the last "uh" (5.46 s) before "forced". Whisper wrote both ("uhh," and "uh,"); the voice
    under them is two sounds, so both count, where the "uh" used to be dropped as the same sound
    written twice."""
    samples = load_audio(REAL / "mfa-uhuh.flac").samples
    heard = [  # what tiny.en wrote: (word, start, end, probability)
        ("Montreal,", 0.82, 1.32, 0.98),
        ("uh,", 2.44, 2.44, 0.23),
        ("uh,", 3.12, 3.12, 0.94),
        ("a,", 3.12, 3.12, 0.01),
        ("uh,", 3.12, 3.62, 0.82),
        ("uhh,", 4.02, 5.40, 0.31),
        ("uh,", 5.46, 5.52, 0.73),
        ("ah,", 5.52, 5.52, 0.01),
        ("uh,", 5.52, 5.54, 0.69),
        ("forced", 5.70, 5.70, 0.05),
        ("to", 5.70, 5.84, 0.76),
        ("win", 5.84, 5.94, 0.74),
        ("here.", 5.94, 6.22, 0.45),
    ]
    words = [Word(*w) for w in heard]
    activity = detect_voice_activity(samples)
    assert any(r.start < 5.0 and r.end > 6.0 for r in activity.regions)  # one region
    hesitations = [i for i, w in enumerate(heard) if w[0].startswith(("uh", "ah"))]
    _out, fillers, _notes = reconcile_hesitations(samples, words, hesitations, activity)
    late = [f for f in fillers if 4.3 <= f.start and f.end <= 5.75]
    assert len(late) == 2, fillers
    assert late[0].end <= 5.35 <= late[1].start  # split in the silence (5.30-5.42 s)


def test_a_pitched_click_whose_pitch_jumps_is_not_a_hum() -> None:
    """The first second of mfa-acoustic-corpus.flac holds a pitched sound before any speech,
    whose pitch jumps about (18.9 semitones): no hum, so no "um" before the speaker begins."""
    samples = load_audio(REAL / "mfa-acoustic-corpus.flac").samples
    hums = voiced_hums(samples, detect_voice_activity(samples))
    assert all(h.start >= 1.0 for h in hums), hums


def test_speech_in_a_noisy_room_keeps_its_voice() -> None:
    """mfa-cold-corpus.flac: a real speaker with a cold, in a noisy room (speech 8 dB over the
    floor). Moving region edges to the energy crossing used to cut its voice from 14.9 s to
    10.3 s, so Whisper's "I have a" (4.26-4.62 s) and three more words were dropped as having
    no speech under them (52 words counted of the 63 said; 56 now)."""
    samples = load_audio(REAL / "mfa-cold-corpus.flac").samples
    activity = detect_voice_activity(samples)
    assert activity.speech_between(4.26, 4.62) >= 0.1
    assert sum(r.duration for r in activity.regions) >= 14.0


@pytest.mark.parametrize(("hz", "seconds"), [(440, 0.4), (800, 0.5), (1000, 0.3), (2000, 0.2)])
def test_a_beep_in_a_pause_is_not_a_hum(hz: int, seconds: float) -> None:
    """A phone's beep in a pause of a real answer is loud and perfectly steady, but one pure
    tone: Silero rightly hears no speech, and it must not become an "um" either."""
    samples = load_audio(REAL / "mfa-crossword.flac").samples.copy()
    t = np.arange(int(seconds * 16000)) / 16000
    at = int(7.5 * 16000)  # a pause between 6.94 s and 8.36 s
    samples[at : at + len(t)] += (0.1 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    activity = detect_voice_activity(samples)
    assert not any(7.4 < h.end and h.start < 8.2 for h in voiced_hums(samples, activity))


def test_a_greeting_said_with_rising_pitch_is_not_an_uh() -> None:
    """samples/mic/intro-short-through-pulse.flac: intro-short (Piper) played into a PulseAudio
    null sink and recorded by the app through sounddevice, as a user's answer is. tiny.en wrote
    its "Hi," at probability 0.07, on a region of its own steady enough in spectrum (0.012) to
    be taken for a misheard "uh"; the checked report then turned "Hi" into a filler. Its pitch
    rises and falls by 3.7 semitones; a filled pause is said on one note."""
    from support.heard import words_heard

    from voicecoach.analysis import analyze
    from voicecoach.datatypes import Transcript

    samples = load_audio(REPO_DIR / "samples" / "mic" / "intro-short-through-pulse.flac").samples
    heard = (  # what tiny.en wrote: word|start|end|probability
        "hi,|1.37|1.93|0.07 I'm|2.31|2.37|0.61 Barguff,|2.37|2.93|0.17 a|3.09|3.21|0.84 "
        "Python|3.21|3.45|0.51 backend|3.45|3.89|0.76 developer.|3.89|4.49|0.99 Um,|5.41|5.41|0.07 "
        "I|5.75|5.85|0.96 have|5.85|6.03|1.00 five|6.03|6.31|0.93 years|6.31|6.55|1.00 "
        "of|6.55|6.89|1.00 experience|6.89|7.33|1.00 with|7.33|7.63|1.00 Django,|7.63|8.09|0.56 "
        "celery,|8.37|8.95|0.92 and|9.09|9.23|0.98 rabbit|9.23|9.41|0.76 mq.|9.41|9.99|0.54 "
        "Basically,|11.45|11.55|0.90 I|11.81|11.93|0.99 build|11.93|12.11|0.97 "
        "the|12.11|12.35|0.99 services|12.35|12.63|1.00 that|12.63|12.95|0.99 "
        "keep|12.95|13.15|1.00 our|13.15|13.37|1.00 web|13.37|13.59|0.94 app|13.59|13.83|0.83 "
        "fast.|13.83|14.25|0.99"
    )
    report = analyze(samples, Transcript(words_heard(heard), "tiny.en"))
    assert report.words[0].text == "hi,"
    # The one "um" and the one "basically" the answer holds, and no filler for the greeting.
    assert [(f.text, f.kind) for f in report.fillers] == [
        ("um", "hesitation"),
        ("basically", "discourse"),
    ]
