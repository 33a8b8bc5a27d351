#!/usr/bin/env bash
# Builds the SPA into frontend/dist, which the local runner serves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
npm run --silent build
