#!/usr/bin/env bash
# `make test`: every test, against a local stack started for this run and stopped afterwards.
#   1. static checks: rustfmt, clippy (-D warnings), the template as CloudFormation receives it
#      (SAM transform, cfn-lint, cycles) and the CloudFront function's path table
#   2. Rust tests (unit, store and API integration, Lambda binaries) with cargo-nextest;
#      the real-data tests run when ../shared/data (or $AEGIS_DATA_DIR) is present and are
#      reported as skipped otherwise
#   3. frontend: lint, typecheck, unit tests, production build
#   4. browser tests: headless Chromium against the local runner on the same stack
#   5. no-5xx run: schemathesis generates requests for every operation of the OpenAPI document
#      and fails on any 5xx or a response that does not match the document
# The test stack has its own ports and state dir, so it runs next to `make dev`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/aegis/target}"
export AEGIS_STACK_DIR="${AEGIS_TEST_STACK_DIR:-$HOME/.cache/aegis/test-stack}"
export DYNAMODB_PORT="${AEGIS_TEST_DYNAMODB_PORT:-8101}"
export LOCALSTACK_PORT="${AEGIS_TEST_LOCALSTACK_PORT:-4666}"
export OIDC_PROVIDER_PORT="${AEGIS_TEST_OIDC_PROVIDER_PORT:-4667}"
runner_port="${AEGIS_TEST_PORT:-8100}"
t0=$SECONDS

step() { printf '\n==> %s (%ss)\n' "$*" "$((SECONDS - t0))"; }

command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)" >&2; exit 1; }
if ! cargo nextest --version >/dev/null 2>&1; then
  step "installing cargo-nextest"
  cargo install --locked cargo-nextest
fi

runner_pid=""
cleanup() {
  [ -n "$runner_pid" ] && kill "$runner_pid" 2>/dev/null || true
  localstack/stop.sh >/dev/null 2>&1 || true
}
trap cleanup EXIT

step "local stack (DynamoDB Local :$DYNAMODB_PORT, LocalStack :$LOCALSTACK_PORT, OpenID provider :$OIDC_PROVIDER_PORT)"
localstack/stop.sh >/dev/null 2>&1 || true # a stack left by an interrupted run starts afresh
localstack/start.sh >/dev/null
# shellcheck disable=SC1091
source "$AEGIS_STACK_DIR/run/env.sh"

step "rustfmt"
cargo fmt --all --check

step "clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "template: cfn-lint, SAM transform + cfn-lint, cycles, CloudFront function table"
# As CloudFormation receives it (infra/scripts/lint-template.py): the CloudFront function's
# inline copy and its path table (node), cfn-lint on the SAM source, then the SAM transform
# (samtranslator, pinned in the tools venv) and cfn-lint plus a cycle check on its output.
"${AEGIS_TOOLS_DIR:-$HOME/.cache/aegis/tools}/venv/bin/python" infra/scripts/lint-template.py template.yaml

step "reference tools (mitreattack-python, for reading exported Navigator layers)"
infra/scripts/reference-venv.sh >/dev/null

step "Rust tests"
data_dir="${AEGIS_DATA_DIR:-$root/../shared/data}"
nextest=(cargo nextest run --workspace --no-fail-fast)
if [ -d "$data_dir/attack" ]; then
  export AEGIS_DATA_DIR="$(cd "$data_dir" && pwd)"
  echo "real data: $AEGIS_DATA_DIR (real-data tests included)"
  # --run-ignored all: the real-data tests are #[ignore]d so that, without data, they show as
  # skipped; timing runs (parse_speed) belong to `make bench`.
  nextest+=(--run-ignored all -E 'not test(/parse_speed/)')
else
  echo "real data not found at $data_dir: the real-data tests are SKIPPED (set AEGIS_DATA_DIR)"
fi
"${nextest[@]}"

if [ -f frontend/package.json ]; then
  step "frontend: lint, typecheck, unit tests, build"
  frontend/scripts/check.sh

  step "browser tests"
  cargo build --quiet --bin aegis-local
  export TABLE_NAME="aegis-browser-$$" EVIDENCE_BUCKET="aegis-browser-$$" EVENT_BUS_NAME="aegis-browser-$$"
  export AEGIS_PORT="$runner_port" ADMIN_USERNAME=admin ADMIN_PASSWORD="Browser-Test-Admin-1!"
  export SECRET_KEY="browser-tests-only-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export CORS_ORIGINS="http://127.0.0.1:$runner_port"
  # The runner syncs ATT&CK at start; from the fixture bundle, so no network is needed.
  export ATTACK_TAXII_URL="" ATTACK_BUNDLE_URL="file://$root/shared/importers/tests/fixtures/mini-enterprise-v1.json"
  log_file="$AEGIS_STACK_DIR/logs/runner.log"
  AEGIS_SPA_DIR="$root/frontend/dist" "$CARGO_TARGET_DIR/debug/aegis-local" >"$log_file" 2>&1 &
  runner_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$runner_port/health" >/dev/null && break
    kill -0 "$runner_pid" 2>/dev/null || { tail -n 30 "$log_file"; echo "local runner exited" >&2; exit 1; }
    sleep 0.5
  done
  AEGIS_URL="http://127.0.0.1:$runner_port" AEGIS_ADMIN_USERNAME="$ADMIN_USERNAME" \
    AEGIS_ADMIN_PASSWORD="$ADMIN_PASSWORD" frontend/scripts/browser-test.sh
fi

step "no 5xx: schemathesis over the OpenAPI document (every operation, as admin)"
cargo build --quiet --bin aegis-local
infra/scripts/fuzz-api.sh "$CARGO_TARGET_DIR/debug/aegis-local"

step "all tests passed"
