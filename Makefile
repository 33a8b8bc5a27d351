# Aegis — the two commands:
#   make dev    start the whole platform on http://127.0.0.1:8000 (AEGIS_PORT overrides)
#   make test   run every test against a freshly started local stack
# Both install what they need and are safe to run again.

export CARGO_TARGET_DIR ?= $(HOME)/.cache/aegis/target

.PHONY: dev test stack-up stack-down lint bench

dev:
	infra/scripts/dev.sh

test:
	infra/scripts/test.sh

stack-up:
	localstack/start.sh

stack-down:
	localstack/stop.sh

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

bench:
	infra/scripts/bench.sh
