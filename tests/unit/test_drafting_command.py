"""`voicecoach questions from FILE`: what the user sees, from the command line to the saved bank
the app then loads (issue 23). Run in-process through ``voicecoach.cli.main``."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.cli import main
from voicecoach.config import Config
from voicecoach.questions import load_bank, parse_bank
from voicecoach.questions.lexicon import Lexicon, lexicon
from voicecoach.questions.reading import read_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "texts"
JOB = SAMPLES / "tuning" / "backend-payments-jd.md"
RESUME = SAMPLES / "tuning" / "backend-resume.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_drafts_into_the_config_dir_and_says_how_to_practise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    code, out, err = run(capsys, "questions", "from", str(JOB), "--home", str(home))
    assert code == 0, err
    saved = home / "drafted-backend-payments-jd.toml"
    assert saved.is_file()
    assert f"Saved to {saved}" in out
    assert "17 technologies" in out
    # Saved beside config.toml, it is read at every start: no line to add to config.toml.
    assert "read at every start" in out and "question_banks" not in out
    assert not (home / "config.toml").exists()
    bank = load_bank(Config.load(home=str(home)).question_banks, home / "my-questions.toml")
    assert not bank.errors
    drafted = [q for q in bank.questions if q.id.startswith("backend-payments-jd-")]
    assert len(drafted) >= 10
    assert all(q.source == str(saved) for q in drafted)
    assert any("Celery" in q.prompt for q in drafted)
    assert bank.get("intro") is not None  # the built-in questions keep their ids
    # A config that lists it too (as this command once asked) reads it once.
    (home / "config.toml").write_text('question_banks = ["drafted-backend-payments-jd.toml"]\n')
    again = load_bank(Config.load(home=str(home)).question_banks, home / "my-questions.toml")
    assert [q.id for q in again.questions] == [q.id for q in bank.questions]
    code, out, _ = run(capsys, "questions", "from", str(JOB), "--home", str(home), "--force")
    assert code == 0 and "read at every start" in out


def test_a_bank_saved_elsewhere_gets_the_config_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out elsewhere: the bank is not read at start; the whole line to put in config.toml
    is printed (keeping the banks it lists), and once there the app reads it."""
    (tmp_path / "config.toml").write_text('question_banks = ["mine.toml"]\n')
    out_file = tmp_path / "banks" / "resume.toml"
    args = ("questions", "from", str(RESUME), "--home", str(tmp_path), "--out", str(out_file))
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert f'question_banks = ["mine.toml", "{out_file.resolve()}"]' in out
    assert "read at every start" not in out
    bank = load_bank([], tmp_path / "my-questions.toml")
    assert not any(q.source == str(out_file) for q in bank.questions)
    # The same name beside config.toml but not drafted-*.toml is not read at start either.
    code, out, _ = run(capsys, *args[:-1], str(tmp_path / "resume.toml"))
    assert code == 0 and 'question_banks = ["mine.toml", "resume.toml"]' in out


def test_a_job_description_and_a_resume_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "both.toml"
    code, out, err = run(capsys, "questions", "from", str(JOB), str(RESUME), "--out", str(out_file))
    assert code == 0, err
    questions = parse_bank(out_file.read_text(encoding="utf-8"), str(out_file))
    prompts = " ".join(q.prompt for q in questions)
    assert "Senior Backend Engineer role" in prompts  # the job's title
    assert "You say you led a team of 4 engineers" in prompts  # the résumé's claim
    assert "FastAPI" in prompts and "Kafka" in prompts
    assert str(out_file) in out and str(out_file.resolve()) in out  # outside the config dir


def test_an_edited_bank_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "bank.toml"
    out_file.write_text("# my edits\n")
    code, _, err = run(capsys, "questions", "from", str(JOB), "--out", str(out_file))
    assert code == 2
    assert err.count("\n") == 1 and "--force" in err and "Traceback" not in err
    assert out_file.read_text() == "# my edits\n"
    code, _, _ = run(capsys, "questions", "from", str(JOB), "--out", str(out_file), "--force")
    assert code == 0 and "[[question]]" in out_file.read_text()


def test_out_dash_prints_the_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions", "from", str(JOB), "--out", "-")
    assert code == 0
    assert out.startswith("# Interview questions drafted")
    questions = parse_bank(out, "stdout")
    assert questions[0].prompt.endswith("?")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    docx = tmp_path / "cv.docx"
    docx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00")
    nothing = tmp_path / "note.txt"
    nothing.write_text("Remember to buy milk and call grandma on Sunday.\n")
    return {
        "missing": (tmp_path / "nope.md", "no such file"),
        "empty": (empty, "is empty"),
        "binary": (binary, "not text"),
        "pdf": (pdf, "is a PDF"),
        "word": (docx, "Word"),
        "directory": (tmp_path, "is a directory"),
        "names nothing": (nothing, "names no technology"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "empty", "binary", "pdf", "word", "directory", "names nothing"]
)
def test_bad_input_is_one_line_with_what_to_do(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, says = _bad_inputs(tmp_path)[case]
    code, out, err = run(capsys, "questions", "from", str(path), "--home", str(tmp_path / "h"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("voicecoach: ") and says in err
    assert "Traceback" not in err
    assert not (tmp_path / "h").exists()  # nothing written


def test_a_windows_encoded_text_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "cv.txt"
    text.write_bytes(
        "Résumé\n- Built a Django service on PostgreSQL – 2 M users a day\n".encode("cp1252")
    )
    code, out, err = run(capsys, "questions", "from", str(text), "--out", "-")
    assert code == 0, err
    assert "Django" in out and "PostgreSQL" in out


# -- the lexicon and the reader ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("We run Postgres on k8s with Node.js and REST APIs.",
         {"PostgreSQL", "Kubernetes", "Node.js", "REST"}),
        ("Spring Boot services on AWS Lambda, files in S3.",
         {"Spring Boot", "AWS Lambda", "Amazon S3"}),
        ("Experience with Go, Rust and C/C++.", {"Go", "Rust", "C", "C++"}),
        ("Go home on time. Spring 2027 start. Express your ideas. We react fast.", set()),
        ("Rest well, and take the rest of the day off.", set()),
        ("American Express customers use our Express.js app.", {"Express.js"}),
        ("Python, R and SQL; the R&D team and plan B.", {"Python", "R", "SQL"}),
        ("GitHub Actions and GitHub", {"GitHub Actions", "GitHub"}),
        ("ASP.NET Core and C# on .NET", {"ASP.NET Core", "C#", ".NET"}),
    ],
)  # fmt: skip
def test_the_lexicon_finds_names_and_aliases_not_english_words(text: str, names: set[str]) -> None:
    assert lexicon().names_in(text) == names


def test_a_name_spelt_twice_in_the_lexicon_is_refused() -> None:
    data = {"family": {"x": {"use": "here", "technologies": {"Redis": [], "Valkey": ["redis"]}}}}
    with pytest.raises(ValueError, match="twice"):
        Lexicon(data)


def test_every_family_phrase_makes_a_question() -> None:
    for family in lexicon().families.values():
        if family.limits:
            assert family.limits.count("{name}") == 1 and family.limits.endswith("?")
            assert "{" not in family.limits.replace("{name}", "")
        assert family.use and not family.use.endswith((".", "?"))


def test_markdown_links_marks_and_addresses_are_not_read() -> None:
    doc = read_document(
        "# Backend Engineer\n\nContact **jobs@acme.example** or see "
        "[our stack](https://acme.example/python-django).\n\n"
        "| Area | Tools |\n|---|---|\n| Data | `PostgreSQL`, Redis |\n\n"
        "Responsibilities\n- Design *reliable* APIs\n",
        "jd.md",
    )
    texts = [p.text for p in doc.passages]
    assert "Contact or see our stack." in texts
    assert "Data, PostgreSQL, Redis" in texts
    duty = doc.passages[-1]
    assert duty.text == "Design reliable APIs" and duty.in_duties and duty.bullet
    assert doc.headings[0] == "Backend Engineer"


def _prompts(text: str, name: str = "text.md") -> list[str]:
    from voicecoach.questions.drafting import draft_questions
    from voicecoach.questions.extraction import read

    return [d.prompt for d in draft_questions(read([read_document(text, name)]))]


def test_duties_and_claims_are_turned_to_the_listener() -> None:
    job = _prompts(
        "# Backend Engineer\n\n## Responsibilities\n"
        "- Own our billing service in Django, which we still run on Heroku\n"
        "- You'll join a friendly team of six\n"
        "- Experience with PostgreSQL\n",
        "job.md",
    )
    assert (
        "Tell me about a time you had to own the billing service in Django. What was the "
        "situation, what did you do, and what was the result?" in job
    )
    assert not [p for p in job if "join a friendly team" in p or "for experience" in p]
    resume = _prompts(
        "# Sam Lee\n\n## Experience\n"
        "- I reduced my team's build time from 20 to 5 minutes with Bazel\n"
        "- Paced the release train\n",
        "cv.md",
    )
    assert (
        "You say you reduced your team's build time from 20 to 5 minutes with Bazel. How did "
        "you do it, and how did you measure the result?" in resume
    )


def test_notes_that_are_not_a_resume_make_no_claims() -> None:
    notes = _prompts("Setup notes\n\n- Paced in real time: pulseaudio with Python 3.11\n")
    assert not [p for p in notes if p.startswith("You say you")]


def test_what_x_does_not_solve_follows_an_answer_that_names_x(tmp_path: Path) -> None:
    """As the seed's interviewer did: "Why Celery?", then "So Celery will solve network
    errors?", asked when the answer names it; a story without a figure is asked for one."""
    from benchmarks.followups import text_analysis
    from voicecoach.analysis.followups import next_followup
    from voicecoach.questions.drafting import bank_toml, draft_questions
    from voicecoach.questions.extraction import read

    drafts = draft_questions(read([read_document(JOB.read_text(encoding="utf-8"), JOB.name)]))
    bank = {q.id: q for q in parse_bank(bank_toml(drafts, "jd"), "jd.toml")}
    why = bank["jd-why-rabbitmq"]
    answer = "We chose RabbitMQ because the settlement reports take minutes and would block."
    fired = next_followup(why, text_analysis(answer, why))
    assert fired is not None
    assert fired.followup.question.prompt.startswith("So RabbitMQ will make the system reliable")
    assert next_followup(why, text_analysis("A queue lets the web workers return.", why)) is None
    story = next(q for q in bank.values() if q.id.startswith("jd-story-"))
    vague = text_analysis("I built it with the team and it went well in the end.", story)
    assert next_followup(story, vague).followup.question.prompt.startswith("What was the result")
