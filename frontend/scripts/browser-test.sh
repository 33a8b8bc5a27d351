#!/usr/bin/env bash
# Browser tests in headless Chromium against a running local runner: AEGIS_URL, with the admin
# login in AEGIS_ADMIN_USERNAME / AEGIS_ADMIN_PASSWORD. Screenshots go to frontend/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
: "${AEGIS_URL:?set AEGIS_URL to the running runner}"
mkdir -p screenshots
node tests/browser/run.mjs
