#!/usr/bin/env bash
# Property-based run over the OpenAPI document: schemathesis generates requests for every
# operation (valid and invalid: wrong types, missing fields, huge strings, odd ids and ranges)
# as the admin, and fails on any 5xx or any response that does not match the document.
#   infra/scripts/fuzz-api.sh RUNNER_BINARY
# Needs the local stack's env (source $AEGIS_STACK_DIR/run/env.sh). Starts its own runner on
# a fresh table ($AEGIS_FUZZ_PORT, default 8104) and stops it afterwards. The time budget is
# AEGIS_FUZZ_SECONDS (default 120); the seed is printed so a failure can be replayed with
# AEGIS_FUZZ_SEED.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
runner="${1:?usage: fuzz-api.sh RUNNER_BINARY}"
tools="${AEGIS_TOOLS_DIR:-$HOME/.cache/aegis/tools}"
venv="$tools/fuzz-venv"
version=4.32.5
port="${AEGIS_FUZZ_PORT:-8104}"
seed="${AEGIS_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"

if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | grep -o '[0-9.]*$')" != "$version" ]; then
  echo "installing schemathesis $version into $venv" >&2
  rm -rf "$venv"
  python3.11 -m venv "$venv" 2>/dev/null || python3 -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check -q "schemathesis==$version"
fi

suffix="fuzz-$$"
password="Fuzz-Admin-Passw0rd-$$!"
log="${AEGIS_STACK_DIR:-/tmp}/logs/fuzz-runner.log"
mkdir -p "$(dirname "$log")"
TABLE_NAME="aegis-$suffix" EVIDENCE_BUCKET="aegis-$suffix" EVENT_BUS_NAME="aegis-$suffix" \
  AEGIS_PORT="$port" ADMIN_USERNAME=admin ADMIN_PASSWORD="$password" \
  SECRET_KEY="fuzz-only-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  ATTACK_TAXII_URL="" ATTACK_BUNDLE_URL="file://$root/shared/importers/tests/fixtures/mini-enterprise-v1.json" \
  "$runner" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -sf "$base/health" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log"; echo "fuzz runner exited" >&2; exit 1; }
  sleep 0.5
done
token="$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

echo "schemathesis $version against $base, seed $seed, ${AEGIS_FUZZ_SECONDS:-120} s"
# Logout and change-password would end the very session the run uses. Run from a scratch dir:
# schemathesis keeps its example database in the working directory.
scratch="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
cd "$scratch"
"$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing \
  --exclude-path-regex '/auth/(logout|change-password)$' \
  --max-examples 15 --max-time "${AEGIS_FUZZ_SECONDS:-120}" --seed "$seed" -w 1 \
  --warnings off --no-color
