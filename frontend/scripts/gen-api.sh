#!/usr/bin/env sh
# Regenerates src/api/schema.d.ts from the OpenAPI document: by default the committed
# docs/openapi.json (kept equal to the code by tests/tests/openapi_drift.rs); with AEGIS_URL,
# from a running server's /api/v1/openapi.json instead.
set -eu
cd "$(dirname "$0")/.."
if [ -n "${AEGIS_URL:-}" ]; then
  source="${AEGIS_URL}/api/v1/openapi.json"
else
  source="../docs/openapi.json"
fi
npx openapi-typescript "$source" -o src/api/schema.d.ts
