"""voicecoach: offline practice for spoken interview answers."""

__version__ = "0.1.0"

import os as _os

# Models come from models/ only: the Hugging Face client (pulled in by faster-whisper, also for
# its VAD) must never go online, whichever module imports it first.
_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
