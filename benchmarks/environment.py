"""Where a benchmark ran: the CPU and the library versions that decide what Whisper hears.

Whisper's words move a little from CPU to CPU (AVX2 against AVX-512 VNNI, Intel against AMD) and
from one CTranslate2 or onnxruntime release to the next, so a figure without these is not
comparable with another run's.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from voicecoach.paths import REPO_DIR

# The libraries whose release changes what the model hears or how fast it runs.
LIBRARIES = ("faster-whisper", "ctranslate2", "onnxruntime", "numpy", "av", "tokenizers")
# CPU features CTranslate2 and onnxruntime choose their kernels by.
FLAGS = (
    "avx",
    "avx2",
    "fma",
    "f16c",
    "avx512f",
    "avx512bw",
    "avx512_vnni",
    "avx512_bf16",
    "amx_int8",
)
# Environment variables that change which kernels run.
KNOBS = ("CT2_FORCE_CPU_ISA", "CT2_USE_MKL", "MKL_CBWR", "OMP_NUM_THREADS")


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields from /proc/cpuinfo (empty where there is none)."""
    fields: dict[str, str] = {}
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return fields
    for line in text.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _lock_sha256() -> str | None:
    lock = REPO_DIR / "requirements.lock"
    try:
        return hashlib.sha256(lock.read_bytes()).hexdigest()[:12]
    except OSError:
        return None


def where_it_ran() -> dict[str, Any]:
    """CPU model and flags, Python, library versions and kernel knobs, for a benchmark's JSON."""
    info = _cpuinfo()
    present = set(info.get("flags", "").split())
    return {
        "cpu": info.get("model name") or platform.processor() or platform.machine(),
        "cpu_vendor": info.get("vendor_id"),
        "cpu_flags": [flag for flag in FLAGS if flag in present],
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": sys.version.split()[0],
        "libraries": {name: _version(name) for name in LIBRARIES},
        "requirements_lock_sha256": _lock_sha256(),
        "knobs": {name: os.environ[name] for name in KNOBS if name in os.environ},
    }


def one_line(env: dict[str, Any]) -> str:
    """The same, short enough for a benchmark's heading."""
    libs = ", ".join(f"{k} {v}" for k, v in env["libraries"].items() if v)
    flags = " ".join(env["cpu_flags"]) or "no AVX"
    knobs = "".join(f", {k}={v}" for k, v in env["knobs"].items())
    return f"{env['cpu']} ({flags}), {env['cores']} cores, Python {env['python']}, {libs}{knobs}"
