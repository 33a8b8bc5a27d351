#!/usr/bin/env bash
# The SPA's gate: lint (ESLint), typecheck (tsc --noEmit), unit tests (Vitest), production build,
# and the budget of 400 kB of gzipped JavaScript for the first screen (entry + dashboard).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
step() { printf '\n==> frontend: %s\n' "$*"; }
step "lint"
npm run --silent lint
step "typecheck"
npm run --silent typecheck
step "unit tests"
npm run --silent test
step "build and first-screen size"
npm run --silent build
