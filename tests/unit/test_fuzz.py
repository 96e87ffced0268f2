"""Property-based tests: whatever bytes, text or timings come in, only our own errors go out.

A user-facing traceback starts as an exception type the CLI and the UI do not expect; these
check that audio loading, config and bank parsing raise only the one-line error types, and
that the analysis helpers never raise at all on word timings Whisper could produce (and worse).
"""

from __future__ import annotations

import math
import string
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from voicecoach.analysis import silent_pauses
from voicecoach.analysis.fillers import Lexicon, find_fillers
from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.datatypes import Word
from voicecoach.errors import AudioFileError, ConfigError
from voicecoach.questions import BankError, load_bank, parse_bank

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LEXICON = Lexicon.load()

# --- audio loading ----------------------------------------------------------------------------

WAV_HEADER = (
    b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00"
    b"\x00\x7d\x00\x00\x02\x00\x10\x00data\x00\x08\x00\x00"
)
MAGICS = [b"", b"RIFF", WAV_HEADER, b"fLaC", b"OggS", b"ID3", b"\xff\xfb"]


@FUZZ
@given(prefix=st.sampled_from(MAGICS), body=st.binary(max_size=4096))
def test_load_audio_raises_only_audio_file_error(
    tmp_path: Path, prefix: bytes, body: bytes
) -> None:
    path = tmp_path / "answer.wav"
    path.write_bytes(prefix + body)
    try:
        audio = load_audio(path)
    except AudioFileError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
    else:  # a valid file by chance (a real header plus any PCM bytes): sound, no NaN
        assert np.all(np.isfinite(audio.samples))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=20_000))
def test_load_audio_of_a_truncated_real_file(tmp_path: Path, cut: int) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "greeting-same.flac"
    data = sample.read_bytes()
    path = tmp_path / "cut.flac"
    path.write_bytes(data[: min(cut, len(data) - 1)])
    try:
        load_audio(path)
    except AudioFileError:
        pass


# --- config and question bank TOML ---------------------------------------------------------------

TOML_ALPHABET = string.printable + "éü€\x00"
TOML_LINES = st.sampled_from(
    [
        'model = "tiny.en"',
        "model = 3",
        "pace_min_wpm = 120",
        "pace_min_wpm = nan",
        "pace_min_wpm = inf",
        "speak_questions = true",
        'question_banks = ["a.toml"]',
        "question_banks = [1, 2]",
        "question_banks = 'x'",
        'filler_lexicon = ""',
        "max_fillers_per_min = -1e400",
        "[[question]]",
        'id = "q1"',
        'id = ""',
        'prompt = "Why?"',
        "target_s = [30, 60]",
        "target_s = [60, 30]",
        "target_s = [true, 1]",
        "target_s = [nan, inf]",
        "[[question.points]]",
        'point = "x"',
        "keywords = [1]",
        'tips = ["a"]',
        "tips = 3",
        "question = 1",
        "[question]",
        '"unknown" = 1',
        "home = '/'",
    ]
)
TOML_TEXT = st.one_of(
    st.text(alphabet=TOML_ALPHABET, max_size=300),
    st.lists(TOML_LINES, max_size=12).map("\n".join),
)


@FUZZ
@given(text=TOML_TEXT)
def test_config_parsing_raises_only_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    try:
        Config.load(path)
    except ConfigError as exc:
        assert str(exc).startswith(str(path))


@FUZZ
@given(raw=st.binary(max_size=200))
def test_config_of_random_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(raw)
    try:
        Config.load(path)
    except ConfigError:
        pass


@FUZZ
@given(text=TOML_TEXT)
def test_bank_parsing_raises_only_bank_error(text: str) -> None:
    try:
        questions = parse_bank(text, "my-bank.toml")
    except BankError as exc:
        assert str(exc).startswith("my-bank.toml")
    else:
        for q in questions:
            assert q.id and q.prompt and 0 < q.target_min_s <= q.target_max_s


@FUZZ
@given(raw=st.binary(max_size=300))
def test_load_bank_of_random_bytes_keeps_the_built_in_questions(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bank.toml"
    path.write_bytes(raw)
    bank = load_bank([str(path)])  # never raises: a bad file becomes a message
    assert bank.get("intro") is not None
    assert all(str(path) in e for e in bank.errors) or not raw.decode(
        "utf-8", "ignore"
    ) == raw.decode("utf-8", "replace")


def test_non_utf8_bank_message_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bank.toml"
    path.write_bytes(b"\x80")
    bank = load_bank([str(path)])
    assert bank.errors and str(path) in bank.errors[0]


# --- analysis on random word timings -------------------------------------------------------------

FILLERISH = ["um", "uh", "like", "you", "know", "basically", "so", "I", "mean", "well", "the"]
TIMES = st.floats(min_value=-5.0, max_value=5_000.0, allow_nan=False, allow_infinity=False)
WORD = st.builds(
    Word,
    text=st.one_of(st.sampled_from(FILLERISH), st.text(max_size=12)),
    start=TIMES,
    end=TIMES,
    probability=st.floats(min_value=0.0, max_value=1.0),
)


@FUZZ
@given(words=st.lists(WORD, max_size=40), data=st.data())
def test_find_fillers_never_raises(words: list[Word], data: st.DataObject) -> None:
    gaps = data.draw(
        st.one_of(
            st.none(),
            st.lists(
                st.floats(min_value=0, max_value=100, allow_nan=False),
                min_size=len(words),
                max_size=len(words),
            ),
        )
    )
    fillers, kinds = find_fillers(words, LEXICON, gaps)
    assert len(kinds) == len(words)
    assert len(fillers) <= len(words)


@FUZZ
@given(
    bounds=st.lists(TIMES, max_size=30),
    start=TIMES,
    end=TIMES,
    min_s=st.floats(min_value=0.0, max_value=10.0),
)
def test_silent_pauses_never_raises(
    bounds: list[float], start: float, end: float, min_s: float
) -> None:
    ordered = sorted(bounds)
    regions = [SpeechRegion(a, b) for a, b in zip(ordered[::2], ordered[1::2], strict=False)]
    assume(all(math.isfinite(x) for x in ordered))
    activity = VoiceActivity(
        regions, np.zeros(0, np.float32), np.zeros(0, np.float32), -20.0, -60.0
    )
    pauses = silent_pauses(activity, start, end, min_s)
    for p in pauses:
        assert p.end - p.start >= min_s - 1e-3
