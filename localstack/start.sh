#!/usr/bin/env bash
# Starts DynamoDB Local, LocalStack (host mode, no Docker) and a local OpenID provider
# (localstack/oidc, port OIDC_PROVIDER_PORT), waits until all answer on 127.0.0.1, and writes $AEGIS_STACK_DIR/run/env.sh with the endpoints; the same `export` lines go
# to stdout, so `eval "$(localstack/start.sh)"` also works. Runs install.sh first.
# Reuses services this script started before for the same stack dir; refuses a port held by
# anything else. AEGIS_PERSIST=1 keeps DynamoDB tables on disk (make dev); the default is
# in-memory (tests). The services keep running after this script exits: stop them with stop.sh.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
t0=$SECONDS
TIMEOUT="${AEGIS_STACK_TIMEOUT:-180}"

"$HERE/install.sh"
take_lock
mkdir -p "$LOG_DIR" "$STACK_DIR/localstack"
command -v curl >/dev/null || apt_install curl

ddb_healthy() {
  curl -s --max-time 3 -X POST "http://127.0.0.1:$DYNAMODB_PORT/" \
    -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
    -d '{}' 2>/dev/null | grep -q TableNames
}
localstack_healthy() {
  curl -s --max-time 3 "http://127.0.0.1:$LOCALSTACK_PORT/_localstack/health" 2>/dev/null \
    | "$VENV/bin/python" -c '
import json, sys
services = json.load(sys.stdin).get("services", {})
wanted = sys.argv[1].split(",")
sys.exit(0 if all(services.get(s) in ("available", "running") for s in wanted) else 1)
' "$LOCALSTACK_SERVICES" 2>/dev/null
}
oidc_healthy() {
  curl -sf --max-time 3 "http://127.0.0.1:$OIDC_PROVIDER_PORT/.well-known/openid-configuration" 2>/dev/null | grep -q '"issuer"'
}

# Decides, before anything is launched, whether a service is reused or started; fails on a port
# held by a process that is not ours.
plan() { # name port port_variable
  local name="$1" port="$2" var="$3" pid ran_on
  pid="$(owned_pid "$name")"
  if [ -n "$pid" ]; then
    ran_on="$(cat "$RUN_DIR/$name.port" 2>/dev/null || true)"
    [ "$ran_on" = "$port" ] || die "$name of $STACK_DIR already runs on port ${ran_on:-?} (pid $pid), not $port: run localstack/stop.sh first, or use another AEGIS_STACK_DIR"
    echo reuse
    return
  fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.port"
  if port_busy "$port"; then
    die "port $port (for $name) is taken by a process start.sh did not start; find it with: ss -ltnp 'sport = :$port' — stop it, or set $var to a free port"
  fi
  echo start
}

launch() { # name working_dir command...
  local name="$1" dir="$2"; shift 2
  local detach=(); command -v setsid >/dev/null && detach=(setsid)
  # exec without a fork, so $! is the service itself: with setsid it leads its own session and
  # process group (stop.sh kills the group); fd 9 (the lock) is not inherited.
  ( cd "$dir" && exec ${detach[@]+"${detach[@]}"} nohup "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&- ) &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_healthy() { # name check_function
  local name="$1" check="$2" pid deadline=$((SECONDS + TIMEOUT))
  pid="$(cat "$RUN_DIR/$name.pid")"
  until "$check"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 25 "$LOG_DIR/$name.log" >&2 || true
      rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.port"
      die "$name exited during start-up; log: $LOG_DIR/$name.log"
    fi
    [ $SECONDS -lt "$deadline" ] || die "$name not healthy after ${TIMEOUT}s (pid $pid still running; AEGIS_STACK_TIMEOUT raises the limit); log: $LOG_DIR/$name.log"
    sleep 0.5
  done
}

ddb_action="$(plan dynamodb "$DYNAMODB_PORT" DYNAMODB_PORT)"
ls_action="$(plan localstack "$LOCALSTACK_PORT" LOCALSTACK_PORT)"
oidc_action="$(plan oidc "$OIDC_PROVIDER_PORT" OIDC_PROVIDER_PORT)"

if [ "$ddb_action" = start ]; then
  storage=(-inMemory)
  if [ "${AEGIS_PERSIST:-0}" = 1 ]; then
    mkdir -p "$STACK_DIR/dynamodb-data"
    storage=(-sharedDb -dbPath "$STACK_DIR/dynamodb-data")
  fi
  # DynamoDB Local has no bind-address option: it listens on every interface.
  log "starting DynamoDB Local on port $DYNAMODB_PORT (${storage[*]})"
  launch dynamodb "$DDB_DIR" java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar \
    "${storage[@]}" -port "$DYNAMODB_PORT" -disableTelemetry
  echo "$DYNAMODB_PORT" >"$RUN_DIR/dynamodb.port"
else
  log "reusing DynamoDB Local (pid $(cat "$RUN_DIR/dynamodb.pid"))"
  running="$(ps -o args= -p "$(cat "$RUN_DIR/dynamodb.pid")")"
  case "${AEGIS_PERSIST:-0}:$running" in
    1:*-inMemory*) log "note: it keeps tables in memory; AEGIS_PERSIST=1 takes effect after localstack/stop.sh" ;;
    0:*-sharedDb*) log "note: it keeps tables on disk (started with AEGIS_PERSIST=1)" ;;
  esac
fi

if [ "$ls_action" = start ]; then
  log "starting LocalStack $LOCALSTACK_VERSION on 127.0.0.1:$LOCALSTACK_PORT ($LOCALSTACK_SERVICES)"
  # OVERRIDE_IN_DOCKER=0: LocalStack would otherwise detect a container (/.dockerenv) and use
  # /var/lib/localstack; FILESYSTEM_ROOT keeps all of its own files (state, tmp, cache, certs)
  # under the stack dir.
  # DNS_ADDRESS=0: no DNS server on port 53. No telemetry, no certificate download.
  # The default gateway server (twisted) ignores the host part of GATEWAY_LISTEN and listens on
  # every interface; GATEWAY_SERVER=hypercorn in the caller's environment binds to 127.0.0.1.
  launch localstack "$STACK_DIR/localstack" env -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_DYNAMODB \
    GATEWAY_LISTEN="127.0.0.1:$LOCALSTACK_PORT" LOCALSTACK_HOST="127.0.0.1:$LOCALSTACK_PORT" \
    SERVICES="$LOCALSTACK_SERVICES" SQS_ENDPOINT_STRATEGY=path S3_SKIP_SIGNATURE_VALIDATION=0 \
    OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT="$STACK_DIR/localstack/fs" \
    DNS_ADDRESS=0 DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1 \
    VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" \
    "$VENV/bin/python" -m localstack.runtime.main
  echo "$LOCALSTACK_PORT" >"$RUN_DIR/localstack.port"
else
  log "reusing LocalStack (pid $(cat "$RUN_DIR/localstack.pid"))"
fi

if [ "$oidc_action" = start ]; then
  log "starting the OpenID provider on 127.0.0.1:$OIDC_PROVIDER_PORT"
  # The script runs from beside its node_modules (ES modules resolve from the file's folder).
  cp "$HERE/oidc/provider.mjs" "$OIDC_DIR/provider.mjs"
  launch oidc "$OIDC_DIR" env OIDC_PROVIDER_PORT="$OIDC_PROVIDER_PORT" node provider.mjs
  echo "$OIDC_PROVIDER_PORT" >"$RUN_DIR/oidc.port"
else
  log "reusing the OpenID provider (pid $(cat "$RUN_DIR/oidc.pid"))"
fi

wait_healthy dynamodb ddb_healthy
wait_healthy localstack localstack_healthy
wait_healthy oidc oidc_healthy

env_file="$RUN_DIR/env.sh"
cat >"$env_file.tmp" <<ENV
export AWS_ENDPOINT_URL=http://127.0.0.1:$LOCALSTACK_PORT
export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DYNAMODB_PORT
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AEGIS_OIDC_PROVIDER_URL=http://127.0.0.1:$OIDC_PROVIDER_PORT
ENV
mv "$env_file.tmp" "$env_file"

log "ready in $((SECONDS - t0))s:"
log "  DynamoDB Local  http://127.0.0.1:$DYNAMODB_PORT   (pid $(cat "$RUN_DIR/dynamodb.pid"), log $LOG_DIR/dynamodb.log)"
log "  LocalStack      http://127.0.0.1:$LOCALSTACK_PORT   (pid $(cat "$RUN_DIR/localstack.pid"), log $LOG_DIR/localstack.log)"
log "  OpenID provider http://127.0.0.1:$OIDC_PROVIDER_PORT   (pid $(cat "$RUN_DIR/oidc.pid"), log $LOG_DIR/oidc.log)"
log "  environment     source $env_file"
cat "$env_file"
