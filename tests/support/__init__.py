"""Helpers the tests share: fakes for the UI, the virtual microphone, a terminal under tmux,
ready-made analyses and transcripts. Imported as `support.<module>` (tests/ is on the path)."""
