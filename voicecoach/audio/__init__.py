"""Audio in and out: files (soundfile), the microphone and playback (sounddevice)."""

SAMPLE_RATE = 16_000  # what Whisper and the VAD expect; recordings are written at this rate
