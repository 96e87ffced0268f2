"""Where a question comes from, in a few words for the question list: a question drafted from
the user's text ("Tell me about yourself", drafted-job-resume.toml) looked the same there as the
built-in one of that title, and the user could not tell which they were about to answer."""

from __future__ import annotations

from pathlib import Path

from voicecoach.paths import OWN_QUESTIONS_NAME
from voicecoach.questions import BUILTIN_SOURCE, DRAFTED_PATTERN, Question
from voicecoach.questions.drafted import PREFIX


def origin_mark(question: Question) -> str:
    """ "" for a built-in question (most of the list: no mark), "yours" for one of the user's
    own, "from job-resume" for one drafted from their texts (drafted-job-resume.toml, named
    after job.md and resume.txt), "from team" for a bank file config.toml names (team.toml)."""
    if question.source == BUILTIN_SOURCE:
        return ""
    path = Path(question.source)
    if path.name == OWN_QUESTIONS_NAME:
        return "yours"
    name = path.stem.removeprefix(PREFIX) if path.match(DRAFTED_PATTERN) else path.stem
    return f"from {name}"
