#!/usr/bin/env bash
# Smoke test of a deployed Aegis, through its CloudFront address (the WebUrl output):
#
#   ADMIN_PASSWORD='...' infra/scripts/smoke.sh https://d111111abcdef8.cloudfront.net
#
# Checks: /health; the web app and a deep link with a dot (/techniques/T1059.001) answer
# index.html with the security headers; sign-in as the admin; the ATT&CK catalog is present
# (waits for the first sync of a fresh stack); one validation test walked through the whole
# workflow as the admin (create, execute, red result, blue result, both lead votes → validated),
# read back, then deleted again; sign-out.
#
# Environment:
#   ADMIN_PASSWORD       the admin's password (required)
#   ADMIN_USERNAME       default admin
#   NEW_ADMIN_PASSWORD   on a fresh stack the generated password must be changed at first
#                        sign-in: set this to have the script change it (12+ characters with
#                        upper and lower case, a digit and a special character)
#   AEGIS_API_URL        optional, the ApiUrl output: then direct calls to the HTTP API must be
#                        refused (only CloudFront may call it)
#   SMOKE_CATALOG_WAIT   seconds to wait for the catalog (default 600)
#   SMOKE_KEEP=1         keep the test it creates
# Needs curl and python3 (for JSON). Exits non-zero at the first failed check.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: ADMIN_PASSWORD=... $0 https://<WebUrl>" >&2; exit 2; }
base="${1%/}"
: "${ADMIN_PASSWORD:?set ADMIN_PASSWORD (docs/DEPLOY.md shows how to read the initial one)}"
export ADMIN_USERNAME="${ADMIN_USERNAME:-admin}"
catalog_wait="${SMOKE_CATALOG_WAIT:-600}"
command -v curl >/dev/null || { echo "curl is required" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

tmp="$(mktemp -d)"
token=""
test_id=""
cleanup() {
  if [ -n "$test_id" ] && [ -z "${SMOKE_KEEP:-}" ] && [ -n "$token" ]; then
    curl -sS -o /dev/null -X DELETE -H "authorization: Bearer $token" "$base/api/v1/tests/$test_id" || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { printf '  ok  %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*" >&2
  if [ -s "$tmp/body" ]; then head -c 2000 "$tmp/body" >&2; echo >&2; fi
  exit 1
}

# req METHOD PATH [JSON]: the answer's body goes to $tmp/body, headers to $tmp/headers; prints the status.
req() {
  local method="$1" path="$2" body="${3:-}"
  local args=(-sS -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -X "$method" --max-time 60)
  [ -n "$token" ] && args+=(-H "authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'content-type: application/json' --data-binary "$body")
  curl "${args[@]}" "$base$path" || echo 000
}

# field EXPR: a Python expression over `d`, the JSON body of the last answer.
field() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' \
    "$tmp/body" "$1"
}

# header NAME: the value of a response header of the last answer (empty when absent).
header() {
  python3 -c '
import sys
name = sys.argv[2].lower()
for line in open(sys.argv[1], encoding="latin-1"):
    k, _, v = line.partition(":")
    if k.strip().lower() == name:
        print(v.strip())
        break' "$tmp/headers" "$1"
}

iso() { python3 -c 'import datetime, sys; print((datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=int(sys.argv[1]))).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$1"; }

echo "Aegis smoke test against $base"

# --- edge --------------------------------------------------------------------------------------
status="$(req GET /health)"
[ "$status" = 200 ] || fail "GET /health answered $status"
[ "$(field 'd.get("status")')" = ok ] || fail "GET /health body"
ok "GET /health"

for path in / /techniques/T1059.001 /tests/abc.def; do
  status="$(req GET "$path")"
  [ "$status" = 200 ] || fail "GET $path answered $status (the SPA routing function sends client-side routes to index.html)"
  case "$(header content-type)" in text/html*) ;; *) fail "GET $path is not the web app ($(header content-type))" ;; esac
done
ok "web app: /, /techniques/T1059.001 and /tests/abc.def answer index.html"

status="$(req GET /)"
for h in content-security-policy strict-transport-security x-content-type-options referrer-policy permissions-policy x-frame-options; do
  [ -n "$(header "$h")" ] || fail "GET / has no $h header"
done
ok "security headers on the web app"

if [ -n "${AEGIS_API_URL:-}" ]; then
  direct="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "${AEGIS_API_URL%/}/health" || echo 000)"
  [ "$direct" = 403 ] || fail "a direct call to the HTTP API answered $direct, expected 403 (no origin header)"
  ok "direct calls to the HTTP API are refused (403)"
fi

# --- sign-in -----------------------------------------------------------------------------------
login_body="$(python3 -c 'import json, os; print(json.dumps({"username": os.environ["ADMIN_USERNAME"], "password": os.environ["ADMIN_PASSWORD"]}))')"
status="$(req POST /api/v1/auth/login "$login_body")"
case "$status" in
  200) ;;
  401) fail "sign-in refused: wrong ADMIN_USERNAME / ADMIN_PASSWORD" ;;
  429) fail "sign-in rate limited; retry in $(header retry-after) s" ;;
  *) fail "POST /api/v1/auth/login answered $status" ;;
esac
token="$(field 'd["access_token"]')"
if [ "$(field 'd["user"].get("must_change_password", False)')" = true ]; then
  if [ -z "${NEW_ADMIN_PASSWORD:-}" ]; then
    : >"$tmp/body" # holds a token: not for the terminal
    fail "the generated admin password must be changed first: sign in once in the browser, or set NEW_ADMIN_PASSWORD"
  fi
  change_body="$(python3 -c 'import json, os; print(json.dumps({"current_password": os.environ["ADMIN_PASSWORD"], "new_password": os.environ["NEW_ADMIN_PASSWORD"]}))')"
  status="$(req POST /api/v1/auth/change-password "$change_body")"
  [ "$status" = 200 ] || fail "POST /api/v1/auth/change-password answered $status"
  token="$(field 'd["access_token"]')"
  ok "changed the generated admin password (use NEW_ADMIN_PASSWORD from now on)"
fi
status="$(req GET /api/v1/auth/me)"
[ "$status" = 200 ] || fail "GET /api/v1/auth/me answered $status"
[ "$(field 'd["role"]')" = admin ] || fail "$ADMIN_USERNAME is not an admin"
ok "signed in as $ADMIN_USERNAME (admin)"

# --- catalog -----------------------------------------------------------------------------------
deadline=$((SECONDS + catalog_wait))
while :; do
  status="$(req GET /api/v1/tactics)"
  [ "$status" = 200 ] || fail "GET /api/v1/tactics answered $status"
  tactics="$(field 'len(d["items"])')"
  [ "$tactics" -gt 0 ] && break
  [ "$SECONDS" -lt "$deadline" ] || fail "no ATT&CK catalog after ${catalog_wait}s: see GET /api/v1/system/sync-runs and the MitreSync function's log (docs/OPERATIONS.md)"
  echo "  ..  the catalog is empty (first sync still running?), retrying in 15 s"
  sleep 15
done
ok "catalog: $tactics tactics"

technique=T1059.001
status="$(req GET "/api/v1/techniques/$technique")"
if [ "$status" != 200 ]; then
  status="$(req GET '/api/v1/techniques?limit=1')"
  [ "$status" = 200 ] || fail "GET /api/v1/techniques answered $status"
  technique="$(field 'd["items"][0]["attack_id"]')"
fi
ok "technique $technique"

# --- one test through the workflow -------------------------------------------------------------
create_body="$(python3 -c 'import json, sys; print(json.dumps({"title": "Smoke test " + sys.argv[2], "technique_id": sys.argv[1], "severity": "low", "procedure": "smoke test of a deployment (infra/scripts/smoke.sh)", "platform": "Windows", "target_host": "smoke-test"}))' "$technique" "$(iso 0)")"
status="$(req POST /api/v1/tests "$create_body")"
[ "$status" = 201 ] || fail "POST /api/v1/tests answered $status"
test_id="$(field 'd["id"]')"
ok "created test $test_id on $technique"

step() { # step NAME JSON: POST /api/v1/tests/{id}/NAME, expecting 200
  local status
  status="$(req POST "/api/v1/tests/$test_id/$1" "$2")"
  [ "$status" = 200 ] || fail "POST /api/v1/tests/$test_id/$1 answered $status"
}
step start-execution '{}'
step submit-red "{\"executed\": true, \"succeeded\": true, \"executed_at\": \"$(iso 5)\", \"notes\": \"smoke test\"}"
step submit-blue "{\"outcomes\": [{\"layer\": \"edr\", \"result\": \"alerted\", \"alert_name\": \"Smoke test\", \"detected_at\": \"$(iso 1)\"}], \"notes\": \"smoke test\"}"
step vote '{"decision": "approve", "comment": "smoke test", "as_role": "red_lead"}'
step vote '{"decision": "approve", "comment": "smoke test", "as_role": "blue_lead"}'

status="$(req GET "/api/v1/tests/$test_id")"
[ "$status" = 200 ] || fail "GET /api/v1/tests/$test_id answered $status"
state="$(field 'd["state"]')"
[ "$state" = validated ] || fail "the test ended in state $state, expected validated"
[ "$(field 'd["technique_id"]')" = "$technique" ] || fail "the test read back names another technique"
ok "workflow: draft → red_executing → blue_evaluating → in_review → validated, read back"

if [ -z "${SMOKE_KEEP:-}" ]; then
  status="$(req DELETE "/api/v1/tests/$test_id")"
  case "$status" in 200 | 204) ;; *) fail "DELETE /api/v1/tests/$test_id answered $status" ;; esac
  status="$(req GET "/api/v1/tests/$test_id")"
  [ "$status" = 404 ] || fail "the deleted test still answers $status"
  test_id=""
  ok "deleted the test again (SMOKE_KEEP=1 keeps it)"
fi

status="$(req POST /api/v1/auth/logout)"
case "$status" in 200 | 204) ;; *) fail "POST /api/v1/auth/logout answered $status" ;; esac
status="$(req GET /api/v1/auth/me)"
[ "$status" = 401 ] || fail "the token still works after sign-out ($status)"
token=""
ok "signed out; the token is revoked"

echo "smoke test passed"
