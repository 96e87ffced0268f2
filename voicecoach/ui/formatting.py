"""Text the screens share: how a stored time is shown. Its own module so that screens and the
App use one reading of a time without a screen importing the App."""

from __future__ import annotations


def describe_time(iso: str) -> str:
    """A stored time as local "YYYY-MM-DD HH:MM", as every screen shows times (the raw text if
    it does not parse); the store's own reading, which the CLI's history uses too."""
    from voicecoach.store import local_stamp

    return local_stamp(iso)
