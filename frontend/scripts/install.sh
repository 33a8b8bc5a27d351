#!/usr/bin/env bash
# Installs the SPA's npm packages when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "Node.js 20+ with npm is required" >&2; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
