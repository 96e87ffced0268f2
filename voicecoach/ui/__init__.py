"""The terminal UI (Textual). The only package that imports Textual; the core never imports it."""

from __future__ import annotations

import gc

_gc_paused = False


def pause_gc() -> None:
    """Pause the cyclic garbage collector while the app starts (``voicecoach.cli.import_ui``).

    Importing Textual and building the first screen create some 10^5 objects that live as long
    as the app; the collector keeps walking them (a full pass alone takes about 50 ms on this
    machine) and finds almost nothing to free. ``resume_gc`` runs after the first paint.
    """
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def resume_gc() -> None:
    """After the first paint: what exists now lives as long as the app, so it is moved out of
    the collector's view (``gc.freeze``; later passes are shorter too) and collection resumes.
    Only undoes ``pause_gc``: a collector paused by someone else stays paused."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()
