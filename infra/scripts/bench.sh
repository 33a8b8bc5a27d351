#!/usr/bin/env bash
# `make bench`: the benchmarks of docs/PERFORMANCE.md.
# 1. ATT&CK import: parses the newest Enterprise bundle, then parses and diffs it against the
#    previous release, each in its own process, and loads the same file with mitreattack-python's
#    MitreAttackData in a venv, printing the ratios.
# 2. Content import: the Atomic Red Team tar.gz read safely and parsed into test templates
#    (time and peak heap, median of 5).
# 3. Heatmap and organisation score with the full catalog, without and with 10,000 tests, on a
#    private local stack (started and stopped here); then the pages through the whole API (one
#    client, then 24 clients for 30 s with one write in ten) next to raw GetItem throughput.
# 4. The release api-auth binary: size, cold start under the Lambda Runtime API emulator, and
#    GET /api/v1/auth/me server time against one raw DynamoDB GetItem, on the same stack.
# 5. Every function as `sam build` packages it: arm64 bootstrap.zip sizes (cargo lambda + zig,
#    installed into a venv here), and each function's cold start under the emulator (native
#    release build of the same code).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/aegis/target}"
data="${AEGIS_DATA_DIR:-$PWD/../shared/data}"
new="$data/attack/enterprise-attack-18.1.json.gz"
old="$data/attack/enterprise-attack-17.1.json.gz"
[ -f "$new" ] && [ -f "$old" ] || { echo "ATT&CK data not found under $data/attack (set AEGIS_DATA_DIR)" >&2; exit 1; }

python="$(infra/scripts/reference-venv.sh)"

cargo bench --quiet -p importers --bench import --no-run
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
gunzip -c "$new" >"$tmp/enterprise-attack.json"

runs="${BENCH_RUNS:-3}"
echo "machine: $(nproc) cores, $(uname -m); best of $runs runs each"
best() { sort -t= -k2 -n | head -n1; }
rust_parse=""; rust_diff=""; rust_same=""; rust_slice=""; py=""
for _ in $(seq "$runs"); do
  rust_parse+="$(cargo bench --quiet -p importers --bench import -- parse "$new" "$old")"$'\n'
  # the sync's own path (the downloaded .gz gunzipped in memory, then parsed from the slice),
  # and that parse on the very file mitreattack-python loads
  rust_slice+="$(cargo bench --quiet -p importers --bench import -- parse-slice "$new" "$old")"$'\n'
  rust_same+="$(cargo bench --quiet -p importers --bench import -- parse-slice "$tmp/enterprise-attack.json" "$old")"$'\n'
  rust_diff+="$(cargo bench --quiet -p importers --bench import -- parse-diff "$new" "$old")"$'\n'
  py+="$("$python" infra/scripts/bench_reference.py "$tmp/enterprise-attack.json")"$'\n'
done
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
pick() { # lines field -> the line with the smallest value of field
  awk -v f="$2" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f && (min == "" || kv[2] + 0 < min)) { min = kv[2] + 0; line = $0 } } } END { print line }' <<<"$1"
}
p="$(pick "$rust_parse" parse_ms)"; d="$(pick "$rust_diff" parse_diff_ms)"; r="$(pick "$py" load_ms)"
sl="$(pick "$rust_slice" parse_ms)"; sa="$(pick "$rust_same" parse_ms)"
echo "$p"; echo "$sl"; echo "$sa"; echo "$d"; echo "$r"
pm="$(field parse_ms <<<"$p")"; dm="$(field parse_diff_ms <<<"$d")"; rm_="$(field load_ms <<<"$r")"
slm="$(field parse_ms <<<"$sl")"; sam="$(field parse_ms <<<"$sa")"
prss="$(field peak_rss_mib <<<"$p")"; rrss="$(field peak_rss_mib <<<"$r")"
awk -v pm="$pm" -v dm="$dm" -v rm="$rm_" -v slm="$slm" -v sam="$sam" -v prss="$prss" -v rrss="$rrss" 'BEGIN {
  printf "ratio: mitreattack-python load / aegis parse of the same .json file = %.1fx time (target 20x)\n", rm / sam
  printf "ratio: mitreattack-python load / aegis sync path (.gz gunzipped in memory + parse) = %.1fx time\n", rm / slm
  printf "ratio: mitreattack-python load / aegis streaming parse of the .gz = %.1fx time, %.1fx peak RSS\n", rm / pm, rrss / prss
  printf "ratio: mitreattack-python load / aegis parse+diff(17.1->18.1) = %.1fx time\n", rm / dm
}'

echo
echo "content import benchmark (Atomic Red Team tar.gz: read_text_files + parse_templates, median of 5)"
AEGIS_DATA_DIR="$data" cargo bench --quiet -p content --bench import

echo
echo "heatmap benchmark (full Enterprise catalog, 0 and ${BENCH_TESTS:-10000} tests)"
export AEGIS_STACK_DIR="${AEGIS_BENCH_STACK_DIR:-$HOME/.cache/aegis/bench-stack}" DYNAMODB_PORT=8301 LOCALSTACK_PORT=4866
trap 'rm -rf "$tmp"; localstack/stop.sh >/dev/null 2>&1 || true' EXIT
localstack/start.sh >/dev/null
# shellcheck disable=SC1091
source "$AEGIS_STACK_DIR/run/env.sh"
AEGIS_DATA_DIR="$data" cargo bench --quiet -p aegis-tests --bench heatmap

echo
echo "report export benchmark (${BENCH_EXPORT_TESTS:-20000} tests: the export job in CSV and JSON, into LocalStack S3)"
cargo bench --quiet -p aegis-tests --bench report_export

echo
echo "function benchmark (release api-auth: size, cold start, /auth/me vs GetItem)"
cargo build --quiet --release -p api-auth --bin api-auth
cargo bench --quiet -p aegis-tests --bench auth_me

echo
echo "Lambda artifacts (arm64 zips as sam build makes them) and cold starts of every function"
lambda_venv="${AEGIS_TOOLS_DIR:-$HOME/.cache/aegis/tools}/lambda-venv"
if ! "$lambda_venv/bin/cargo-lambda" lambda --version 2>/dev/null | grep -q 1.9.2; then
  rm -rf "$lambda_venv"
  python3.11 -m venv "$lambda_venv" 2>/dev/null || python3 -m venv "$lambda_venv"
  "$lambda_venv/bin/pip" install --disable-pip-version-check -q cargo-lambda==1.9.2 ziglang==0.17.1
fi
# cargo-zigbuild runs `python3 -m ziglang` unless a `zig` is on PATH; under another venv that
# breaks, so the wheel's own binary goes next to cargo-lambda.
zig_bin="$(find "$lambda_venv/lib" -path '*ziglang/zig' -type f | head -n1)"
ln -sf "$zig_bin" "$lambda_venv/bin/zig"
rustup target list --installed 2>/dev/null | grep -q aarch64-unknown-linux-gnu ||
  rustup target add aarch64-unknown-linux-gnu
functions=()
for dir in functions/*/; do functions+=(--bin "$(basename "$dir")"); done
PATH="$lambda_venv/bin:$PATH" cargo lambda build --quiet --release --arm64 --output-format zip "${functions[@]}"
# Cold starts are measured on native binaries of the same code (an arm64 one cannot run here);
# the bench profile (no LTO) builds them much faster than the size-tuned release profile, and
# start-up work is not what LTO changes.
cargo build --quiet --profile bench "${functions[@]}"
cargo bench --quiet -p aegis-tests --bench functions
