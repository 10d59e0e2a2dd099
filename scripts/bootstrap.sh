#!/usr/bin/env bash
# Sets up everything `consistency` needs on a Debian/Ubuntu machine, idempotently:
# a virtualenv in .venv with the package installed (editable), and the tesseract binary
# with its English and Simplified Chinese data.  `--test` also installs the test extras
# and Chromium for the HTML report tests.  Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

say() { printf 'bootstrap: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

apt_install() {
  # Installs Debian packages that are missing; says what to do where it cannot.
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "cannot install ${missing[*]}: no apt-get here; install them with your package manager"
    return 1
  fi
  say "installing ${missing[*]} with apt-get"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/tmp/consistency-apt.log 2>&1; then
    say "could not install ${missing[*]} (see /tmp/consistency-apt.log); run: sudo apt-get install ${missing[*]}"
    return 1
  fi
}

# --- Python
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  say "Python 3.11 or newer is needed (found: $("$PY" --version 2>&1 || echo none)); set PYTHON=/path/to/python3.11"
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    apt_install python3-venv || exit 2
    "$PY" -m venv .venv
  fi
fi

extras=""
[ $want_tests = 1 ] && extras="[test]"
stamp=".venv/.consistency-installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "installing consistency${extras} into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}" >&2
  touch "$stamp"
fi

# --- tesseract (OCR for photos and scanned reports)
apt_install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim fonts-dejavu-core fonts-liberation2 fonts-noto-cjk || \
  say "continuing without tesseract: photos and scanned reports cannot be read"

# --- the HTML report's browser test (tests skip it cleanly where Chromium is absent)
if [ $want_tests = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium || say "continuing without chromium: the browser test of the HTML report is skipped"
fi

exit 0
