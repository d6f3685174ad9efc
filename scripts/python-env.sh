#!/usr/bin/env bash
# Creates (when missing or outdated) the project's Python virtual environment with the pinned test peers of
# ../shared/TEST-PEERS.md, and prints its path. Tests find it through PAYLINKS_PYTHON (set by run-tests.sh)
# or at .venv/bin/python.
#   scripts/python-env.sh          ensure the venv, print its directory
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
requirements=scripts/python-requirements.txt
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "python-env: creating $venv from $requirements" >&2
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  cp "$requirements" "$stamp"
fi
echo "$PWD/$venv"
