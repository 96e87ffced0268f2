"""A data directory that is there but read-only, with no database yet: the line said "cannot
create the data directory", as if it were missing (QA). It now says the folder is read-only
and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_user_mistakes import immutable, used_home, vc


@pytest.mark.parametrize("used", [False, True], ids=["empty", "used-no-database"])
def test_a_read_only_data_directory_is_said_to_be_read_only(tmp_path: Path, used: bool) -> None:
    home = tmp_path / "home"
    if used:
        used_home(home, with_database=False)
    else:
        home.mkdir()
    with immutable(home):
        done = vc("history", "--home", str(home))
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert f"the data directory {home} is read-only" in line, line
    assert "cannot create the data directory" not in line
    assert "make it writable, or choose another with --home DIR or VOICECOACH_HOME" in line
    assert not any(home.iterdir()) or used  # nothing was made there
