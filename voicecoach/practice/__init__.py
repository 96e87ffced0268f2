"""The answer's life, without a UI: ``session`` (record, analyse, save, check, recover, the mock
interview) is what the terminal UI calls; ``services`` wires the real model, microphone, voice
and store behind protocols; ``pipeline`` is the one path from audio to a report, which batch and
``live`` transcription share; ``delivery_process`` runs its pitch and loudness measure in a
worker process (librosa's numba code holds the GIL); ``checking`` decides what history keeps of
a live report once the whole recording is transcribed; ``interview`` is the mock interview's
questions and report; ``cues`` decides which live cue the practice screen shows while an answer
is recorded."""
