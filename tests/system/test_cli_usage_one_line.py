"""A mistyped command line is one line naming the problem and the --help to read, exit code 2:
the whole usage block above "error: argument ID: invalid int value" buried the problem."""

from __future__ import annotations

import pytest
from test_user_mistakes import vc


@pytest.mark.parametrize(
    ("argv", "problem", "help_of"),
    [
        (["delete", "abc"], "invalid int value: 'abc'", "voicecoach delete --help"),
        (["analyze"], "arguments are required: file", "voicecoach analyze --help"),
        (["histroy"], "invalid choice: 'histroy'", "voicecoach --help"),
    ],
)
def test_a_usage_error_is_one_line(argv: list[str], problem: str, help_of: str) -> None:
    done = vc(*argv)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("voicecoach: ") and problem in lines[0] and help_of in lines[0]
    assert "usage:" not in done.stderr
