#!/usr/bin/env bash
# Lint, typecheck, unit tests, production build, and the first-screen size budget
# (400 kB of gzipped JavaScript: the entry chunk; every route is its own chunk).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
npm run --silent lint
npm run --silent typecheck
npm run --silent test
npm run --silent build
entry="$(sed -n 's|.*<script type="module" crossorigin src="/\(assets/[^"]*\.js\)".*|\1|p' dist/index.html)"
[ -n "$entry" ] || { echo "no entry script in dist/index.html" >&2; exit 1; }
size=$(gzip -9 -c "dist/$entry" | wc -c)
echo "first-screen JS: $entry, $((size / 1024)) kB gzipped (budget 400 kB)"
[ "$size" -le $((400 * 1024)) ] || { echo "over the 400 kB budget" >&2; exit 1; }
