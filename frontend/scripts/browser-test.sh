#!/usr/bin/env bash
# Browser tests in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
# against an already running server:
#   AEGIS_URL=http://127.0.0.1:8000 AEGIS_ADMIN_USERNAME=admin AEGIS_ADMIN_PASSWORD=... scripts/browser-test.sh
# Screenshots of every main screen go to frontend/screenshots/. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${AEGIS_URL:?set AEGIS_URL to the running server, e.g. http://127.0.0.1:8000}"
: "${AEGIS_ADMIN_PASSWORD:?set AEGIS_ADMIN_PASSWORD (and AEGIS_ADMIN_USERNAME, default admin)}"
export AEGIS_ADMIN_USERNAME="${AEGIS_ADMIN_USERNAME:-admin}"
scripts/install.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium" >&2
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
node -e 'fetch(process.argv[1] + "/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$AEGIS_URL" ||
  { echo "no server answers at $AEGIS_URL/health" >&2; exit 1; }
mkdir -p screenshots
rm -f screenshots/*.png
node tests/browser/run.mjs
