#!/usr/bin/env bash
# Builds the SPA into frontend/dist, which the local runner serves at / (API at /api/v1).
# Prints the gzipped JavaScript each screen loads and fails over the first-screen budget.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
npm run --silent build
