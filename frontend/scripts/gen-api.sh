#!/usr/bin/env sh
# Regenerates src/api/schema.d.ts from a running server's OpenAPI document.
# AEGIS_URL defaults to the `make dev` runner.
set -eu
cd "$(dirname "$0")/.."
url="${AEGIS_URL:-http://127.0.0.1:8000}/api/v1/openapi.json"
npx openapi-typescript "$url" -o src/api/schema.d.ts
