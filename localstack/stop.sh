#!/usr/bin/env bash
# Stops what start.sh started for this $AEGIS_STACK_DIR, found by its pidfiles (a pid that now
# belongs to another program is left alone). Kills each service's process group, waits for it to
# exit, removes the pidfiles and env.sh. Safe to run twice.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
[ -d "$RUN_DIR" ] || { log "nothing to stop ($RUN_DIR does not exist)"; exit 0; }
take_lock

# Sends a signal to the service and, when it leads its own process group (start.sh launches it
# with setsid), to every process of that group.
signal() { # signal pid group(0/1)
  if [ "$3" = 1 ]; then kill "-$1" -- "-$2" 2>/dev/null || true; else kill "-$1" "$2" 2>/dev/null || true; fi
}
gone() { # pid group(0/1): true once the service (and its group) has exited
  local target="$1"
  [ "$2" = 1 ] && target="-$1"
  if kill -0 -- "$target" 2>/dev/null; then return 1; fi
}

for name in oidc localstack dynamodb; do
  pid="$(owned_pid "$name")"
  if [ -n "$pid" ]; then
    group=0
    [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ] && group=1
    signal TERM "$pid" "$group"
    for _ in $(seq 1 60); do gone "$pid" "$group" && break; sleep 0.25; done
    if ! gone "$pid" "$group"; then
      log "$name (pid $pid) still running 15s after SIGTERM; sending SIGKILL"
      signal KILL "$pid" "$group"
      for _ in $(seq 1 20); do gone "$pid" "$group" && break; sleep 0.25; done
    fi
    log "stopped $name (pid $pid)"
  elif [ -f "$RUN_DIR/$name.pid" ]; then
    log "no $name of this stack is running (stale pidfile removed)"
  fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.port"
done
rm -f "$RUN_DIR/env.sh"
