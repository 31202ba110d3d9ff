#!/usr/bin/env bash
# Creates the virtualenv the Makefile uses (.venv), with pip in it.
# Debian leaves ensurepip out of its python3 package (it is in python3-venv); then the venv is
# made without pip and pip is installed into it with the official get-pip.py.
set -euo pipefail
PYTHON=${1:-python3}
VENV=${2:-.venv}

if ! command -v "$PYTHON" >/dev/null; then
    echo "error: $PYTHON not found; install Python 3.11 or newer." >&2
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: Kỹ Thuật needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)." >&2
    exit 1
fi
echo "==> Creating the virtualenv $VENV with $("$PYTHON" -V 2>&1)"
if "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    exit 0
fi
echo "    python3 -m venv failed (on Debian it needs the python3-venv package);"
echo "    creating it without pip and installing pip with get-pip.py instead."
rm -rf "$VENV"
"$PYTHON" -m venv --without-pip "$VENV"
if ! "$VENV/bin/python" -c '
import sys, urllib.request
with urllib.request.urlopen("https://bootstrap.pypa.io/get-pip.py", timeout=60) as response:
    open(sys.argv[1], "wb").write(response.read())
' "$VENV/get-pip.py" || ! "$VENV/bin/python" "$VENV/get-pip.py" --quiet; then
    rm -rf "$VENV"  # so that the next run starts again rather than use a venv without pip
    echo "error: could not install pip into $VENV. Install python3-venv" \
        "(sudo apt-get install python3-venv) and run the command again." >&2
    exit 1
fi
