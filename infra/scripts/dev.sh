#!/usr/bin/env bash
# `make dev`: local stack (persistent), SPA build, then the local runner in the foreground.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/aegis/target}"
state_dir="${AEGIS_STACK_DIR:-$HOME/.cache/aegis/stack}"

command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)" >&2; exit 1; }
AEGIS_PERSIST=1 localstack/start.sh
# shellcheck disable=SC1091
source "$state_dir/run/env.sh"

if [ -f frontend/package.json ]; then
  frontend/scripts/build.sh
fi

# Optimised, so the platform answers locally as it would deployed: the `bench` profile
# (opt-level 2, no LTO, 16 codegen units) builds in a few minutes on 2 cores the first time and
# shares its compiled dependencies with `make bench`; cargo puts it under target/release.
cargo build --profile bench --bin aegis-local
export AEGIS_PORT="${AEGIS_PORT:-8000}"
export TABLE_NAME="${TABLE_NAME:-aegis-dev}"
export EVIDENCE_BUCKET="${EVIDENCE_BUCKET:-aegis-dev-evidence}"
export EVENT_BUS_NAME="${EVENT_BUS_NAME:-aegis-dev-events}"
export CORS_ORIGINS="${CORS_ORIGINS:-http://127.0.0.1:${AEGIS_PORT},http://localhost:5173}"
# A stable development signing key so sessions survive restarts; never used in production.
key_file="$state_dir/dev-secret-key"
[ -s "$key_file" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$key_file"
export SECRET_KEY="${SECRET_KEY:-$(cat "$key_file")}"
exec "$CARGO_TARGET_DIR/release/aegis-local"
