#!/usr/bin/env bash
# Installs the SPA's npm packages (npm ci) when node_modules is missing or older than
# package-lock.json; otherwise does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is required" >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi
