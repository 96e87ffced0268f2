"""A "Duties:" line (not a bulleted list) in a job text: each duty it lists is asked about as
a story. QA drafted from "Duties: build Django APIs, ..." and got "0 duties": the line was read
as one sentence with no "you will" and no bullet under a "Responsibilities" heading."""

from __future__ import annotations

from voicecoach.questions.extraction import read
from voicecoach.questions.reading import read_document

JOB = """Backend Engineer

Duties: build Django APIs, design PostgreSQL schemas, mentor junior
engineers, and review code.

Requirements: Python, Django, PostgreSQL.
"""


def duties(text: str) -> list[str]:
    return [phrase for phrase, _form, _passage in read([read_document(text, "job.txt")]).duties]


def test_each_duty_of_a_duties_line_is_one() -> None:
    assert duties(JOB) == [
        "build Django APIs",
        "design PostgreSQL schemas",
        "mentor junior engineers",
        "review code",
    ]


def test_a_bulleted_duties_label_lists_them_too() -> None:
    text = "Backend Engineer\n\n- Responsibilities: build Django APIs; run the on-call rotation\n"
    assert duties(text) == ["build Django APIs", "run the on-call rotation"]


def test_a_duty_sentence_with_commas_stays_whole() -> None:
    text = "Backend Engineer\n\nDuties: design APIs for payments, refunds and invoices.\n"
    assert duties(text) == ["design APIs for payments, refunds and invoices"]


def test_a_label_that_names_no_duties_is_read_as_before() -> None:
    text = "Backend Engineer\n\nRequirements: build tools, write docs, ship features.\n"
    assert duties(text) == []
