"""The answer playing (`p`): one player at a time, the same answer again pauses or resumes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voicecoach.errors import VoicecoachError
from voicecoach.practice.services import Services


class Playback:
    """The player of the answer playing and its path."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._player: Any = None
        self._player_path: Path | None = None

    def toggle(self, audio_path: Path) -> None:
        """Play an answer (blocking while the player opens); the same answer again pauses or
        resumes it, or plays it from the start once it has finished."""
        player = self._player
        if player is not None and self._player_path == audio_path:
            if getattr(player, "finished", False):
                player.seek(0)
                player.play()
            else:
                player.toggle()
            return
        if player is not None:
            player.stop()
        factory = self.services.player_factory
        if factory is None:
            raise VoicecoachError("playback is not available in this install")
        self._player, self._player_path = factory(audio_path), audio_path
        self._player.play()

    def release(self) -> Any:
        """The player of the answer playing, if any, for the caller to stop (off the UI
        thread); the next ``toggle`` starts afresh."""
        player, self._player, self._player_path = self._player, None, None
        return player
