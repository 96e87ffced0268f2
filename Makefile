# voicecoach: `make run` to practise, `make test` to check. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MODEL ?= tiny.en
# Every package and its hash: `make setup` installs exactly this set, `make lock` regenerates it.
LOCK := requirements.lock
PIP_TOOLS := pip-tools==7.6.2
# System packages: what the app needs (run), and what the tests' virtual microphone needs
# (test), by platform: apt, dnf or Homebrew names, or what to install elsewhere. The script
# runs with the system python3 (before .venv exists).
SYSTEM_PACKAGES := $(PYTHON) tools/system_packages.py

.PHONY: help setup run test test-cpus bench models lint lock system-deps test-deps clean bytecode

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: system-deps $(VENV)/.installed models $(VENV)/.numba-warm ## create .venv, install voicecoach and the model

# librosa's pyin compiled once into the user's cache dir (about 30 s), so that no analysis
# compiles it (voicecoach.analysis.delivery).
$(VENV)/.numba-warm: $(VENV)/.installed
	@$(PY) -m voicecoach.analysis.delivery && touch $@

run: setup bytecode ## open the practice app (the terminal UI)
	@$(VENV)/bin/voicecoach

test: setup test-deps ## ruff, the import contracts, then every test (architecture, unit, ui, system)
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . >/dev/null
	@out=$$($(VENV)/bin/lint-imports --no-cache 2>&1) || { echo "$$out" >&2; \
	  echo "an import contract is broken: pyproject.toml, [tool.importlinter]" >&2; exit 1; }
	@$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "no tests ran: that is a failure here" >&2; exit 1; fi; exit $$rc

# Whisper's words move with the CPU code CTranslate2 runs (docs/RELIABILITY.md, "Whisper on other
# CPUs"). A configuration is ISA[+MKL|+ONEDNN_<isa>]: ISA is CTranslate2's own kernels
# (CT2_FORCE_CPU_ISA: GENERIC, AVX, AVX2 or AVX512); the matrix products run in oneDNN
# (CT2_USE_MKL=0, CTranslate2's default on non-Intel CPUs), limited to <isa> with +ONEDNN_<isa>
# (ONEDNN_MAX_CPU_ISA; +ONEDNN_AVX2 is a CPU without AVX-512), or in Intel MKL with +MKL (its
# default on Intel CPUs). Each one below gave other words here, and the tests hold in all of them;
# one the CPU cannot run (no AVX-512, say) is skipped with a line saying so.
CPU_CONFIGS ?= GENERIC AVX AVX2 AVX512 AVX2+ONEDNN_AVX2 AVX512+MKL
PYTEST_ARGS ?=
# An MKL run's limit per test (pytest-timeout), in seconds, where the project's is shorter: MKL
# has no fast int8 path on AMD CPUs (about 6 times slower there). The other runs keep the
# project's limits, as `make test` does.
CPU_MKL_TEST_TIMEOUT ?= 1800

test-cpus: setup test-deps ## the real-model tests (-m model) once per CPU configuration in CPU_CONFIGS; fails if any fails
	@failed=""; ran=0; for c in $(CPU_CONFIGS); do \
	  isa=$${c%%+*}; extra=$${c#$$isa}; extra=$${extra#+}; mkl=0; dnnl=ALL; \
	  case "$$extra" in "") ;; MKL) mkl=1 ;; ONEDNN_?*) dnnl=$${extra#ONEDNN_} ;; \
	    *) echo "== $$c: not a configuration (ISA, ISA+MKL or ISA+ONEDNN_<isa>)" >&2; \
	       failed="$$failed $$c"; continue ;; esac; \
	  flag=$$(echo $$isa | tr A-Z a-z); [ $$isa = AVX512 ] && flag=avx512f; \
	  if [ $$isa != GENERIC ] && ! grep -qw $$flag /proc/cpuinfo; then \
	    echo "== $$c: skipped, this CPU has no $$flag"; continue; fi; \
	  echo "== $$c: CT2_FORCE_CPU_ISA=$$isa CT2_USE_MKL=$$mkl ONEDNN_MAX_CPU_ISA=$$dnnl"; \
	  ran=$$((ran + 1)); limit=""; [ $$mkl = 1 ] && limit="--timeout=$(CPU_MKL_TEST_TIMEOUT)"; \
	  CT2_FORCE_CPU_ISA=$$isa CT2_USE_MKL=$$mkl ONEDNN_MAX_CPU_ISA=$$dnnl \
	    $(PY) -m pytest -q -p no:cacheprovider -m model $$limit $(PYTEST_ARGS) \
	    || failed="$$failed $$c"; \
	done; \
	if [ -n "$$failed" ]; then echo "failed in:$$failed" >&2; exit 1; fi; \
	if [ $$ran -eq 0 ]; then echo "no configuration could run here" >&2; exit 1; fi; \
	echo "the real-model tests passed in every configuration run ($$ran)"

bench: setup test-deps bytecode ## accuracy and speed on the labelled samples (with a bare-Whisper baseline), live latency, delivery (pitch, trailing off), STAR parts
	@$(PY) -m benchmarks accuracy --out docs/bench-results.json
	@$(PY) -m benchmarks live --out docs/bench-live-results.json
	@$(PY) -m benchmarks delivery --out docs/bench-delivery-results.json
	@$(PY) -m benchmarks star --out docs/bench-star-results.json

models: $(VENV)/.installed ## install a Whisper model into models/ (MODEL=tiny.en or MODEL=base)
	@$(PY) -m voicecoach.transcription.model_files $(MODEL) $(if $(filter-out tiny.en,$(MODEL)),tiny.en)

# Compiled once, so a launch does not compile our modules again (also where the environment sets
# PYTHONDONTWRITEBYTECODE, as these machines do: measured about 0.09 G instructions of start-up),
# nor parse the built-in question bank's TOML again (about 0.03 G: voicecoach.questions.BANK_CACHE).
bytecode:
	@$(PY) -m compileall -q voicecoach >/dev/null
	@$(PY) -c 'from voicecoach.questions import compile_builtin_bank; compile_builtin_bank()'

lint: setup ## ruff check and format check
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# A new .venv each time the lock or pyproject.toml changes, so that it holds the lock's set and
# nothing else (`pip freeze` equals the lock: tests/architecture/test_install.py checks it). The build backend
# (setuptools) is in the lock too, hence --no-build-isolation: nothing unpinned is fetched.
$(VENV)/.installed: $(LOCK) pyproject.toml
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "could not create .venv: install Python's venv module (on Debian/Ubuntu: sudo apt-get install python3-venv)" >&2; exit 1; }
	@$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK) || { rm -rf $(VENV); \
	  echo "could not install the locked packages from $(LOCK): check the connection to PyPI, or run 'make lock' if pyproject.toml changed" >&2; exit 1; }
	@$(PY) -m pip install --quiet --no-deps --no-build-isolation -e . >/dev/null
	@touch $@

# UPGRADE=all moves every package to the newest release pyproject.toml allows; UPGRADE=numpy just that
# one; without it, the pins in the lock stay where pyproject.toml still allows them.
lock: ## regenerate requirements.lock from pyproject.toml (UPGRADE=all or UPGRADE=<package> to move versions)
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet $(PIP_TOOLS)
	@CUSTOM_COMPILE_COMMAND="make lock" .lock-venv/bin/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --build-deps-for editable --strip-extras --extra dev --extra tts \
	  --no-emit-index-url --no-emit-find-links \
	  $(if $(filter all,$(UPGRADE)),--upgrade,$(if $(UPGRADE),--upgrade-package $(UPGRADE))) \
	  --output-file $(LOCK) pyproject.toml; rc=$$?; rm -rf .lock-venv; exit $$rc

system-deps:
	@$(SYSTEM_PACKAGES) run

test-deps:
	@$(SYSTEM_PACKAGES) test

clean: ## remove .venv and caches (keeps models/ and your recordings)
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
