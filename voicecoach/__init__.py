"""voicecoach: offline practice for spoken interview answers."""

__version__ = "0.1.0"
