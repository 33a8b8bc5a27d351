#!/usr/bin/env bash
# Installs, once, a Python 3.11 venv with mitreattack-python: the reference tool the import
# benchmark compares against and whose Navigator layer reader the tests use on exported layers.
# Prints the venv's python.
set -euo pipefail
venv="${AEGIS_TOOLS_DIR:-$HOME/.cache/aegis/tools}/bench-venv"
MITREATTACK_VERSION="6.3.1"
if ! "$venv/bin/python" -c 'import mitreattack.navlayers' >/dev/null 2>&1; then
  echo "installing mitreattack-python into $venv" >&2
  py="$(command -v python3.11 || command -v python3)"
  "$py" -m venv "$venv"
  "$venv/bin/pip" install -q "mitreattack-python==$MITREATTACK_VERSION" >&2 \
    || "$venv/bin/pip" install -q mitreattack-python >&2
fi
echo "$venv/bin/python"
