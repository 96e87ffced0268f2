"""Errors a user can act on: each message is one line naming the problem and what to do."""


class VoicecoachError(Exception):
    """Base for errors shown to the user as one line (never a traceback)."""

    # Already on stdout as JSON (`analyze --json --save`: the report carries it as "error"),
    # so `cli.main` does not print a second JSON object after it.
    json_shown = False


class AudioFileError(VoicecoachError):
    """An audio file that cannot be read as sound."""


class ModelMissingError(VoicecoachError):
    """The Whisper model is not installed under models/."""


class ModelDamagedError(VoicecoachError):
    """A model directory whose files CTranslate2 cannot load (truncated, corrupt, incomplete)."""


class ConfigError(VoicecoachError):
    """A malformed config or question bank file."""


class DeviceError(VoicecoachError):
    """No microphone, or the audio device failed."""


class StoreError(VoicecoachError):
    """The data directory or database cannot be used (permissions, full disk)."""


def describe_error(exc: BaseException | None) -> str:
    """One line a user can act on, whatever failed: the UI and the session show every failure
    this way, never a traceback."""
    if exc is None:
        return "something failed without an error message"
    if isinstance(exc, VoicecoachError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").startswith("voicecoach"):
        return f"this part of voicecoach is not installed yet ({exc.name})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
