"""What a transcriber wrote, kept in a test as text: "word|start|end|probability ..."."""

from __future__ import annotations

from voicecoach.datatypes import Word


def words_heard(heard: str) -> list[Word]:
    """The words of a string of ``word|start|end|probability`` items, in order."""
    words = []
    for item in heard.split():
        text, start, end, probability = item.split("|")
        words.append(Word(text, float(start), float(end), float(probability)))
    return words
