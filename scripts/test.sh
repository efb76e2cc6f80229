#!/usr/bin/env bash
# Every check, in the order that fails fastest. Called by `./run test` and by CI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh

started=$SECONDS
step() { say "$1 (${SECONDS}s)"; }

export MERCATO_TEST_POSTGRES_URL="${MERCATO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

step "Installing missing tools"
ensure_rust_tools
ensure_browser_tools

step "Formatting"
cargo fmt --all -- --check

step "Clippy, server side (ssr)"
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server -p test-support --all-targets -- -D warnings

step "Clippy, browser side (hydrate)"
cargo clippy -p app --features hydrate --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "Checking PostgreSQL at $MERCATO_TEST_POSTGRES_URL"
if ! psql "$MERCATO_TEST_POSTGRES_URL" -qAtc 'select 1' >/dev/null 2>&1; then
  echo "PostgreSQL is not reachable at $MERCATO_TEST_POSTGRES_URL; the tests need it." >&2
  exit 1
fi
# Databases left behind by interrupted runs.
for db in $(psql "$MERCATO_TEST_POSTGRES_URL" -qAtc "select datname from pg_database where datname like 'mercato_test_%'"); do
  psql "$MERCATO_TEST_POSTGRES_URL" -qc "drop database if exists $db with (force)" >/dev/null
done

step "Unit and integration tests (SQLite and PostgreSQL)"
cargo test -p app --features ssr
cargo test -p server

step "Release build and end-to-end tests (Playwright, Chromium)"
build_styles
e2e_data="$ROOT/target/e2e"
rm -rf "$e2e_data"
mkdir -p "$e2e_data"
export DATABASE_URL="sqlite://$e2e_data/shop.db" MERCATO_MEDIA_DIR="$e2e_data/media" \
  MERCATO_MAIL_DIR="$e2e_data/mail" MERCATO_LOG=warn
export MERCATO_E2E_CLERK_EMAIL="clerk@mercato.test" MERCATO_E2E_CLERK_PASSWORD="clerk password 123"
export MERCATO_E2E_HANDLER_EMAIL="handler@mercato.test" MERCATO_E2E_HANDLER_PASSWORD="handler password 123"
export MERCATO_E2E_ADMIN_EMAIL="admin@mercato.test" MERCATO_E2E_ADMIN_PASSWORD="admin password 123"
export MERCATO_E2E_STORE_EMAIL="store@mercato.test" MERCATO_E2E_STORE_PASSWORD="store password 123"
# --split: the back office's pages become WASM chunks of their own (lazy routes), so shoppers
# never download them. end-to-end builds the release once and starts the shop; Playwright's
# global set-up then makes the staff accounts with this binary, the way a merchant does.
export MERCATO_E2E_BINARY="${CARGO_TARGET_DIR:-$ROOT/target}/release/mercato"
cargo leptos end-to-end --release --split
unset DATABASE_URL MERCATO_MEDIA_DIR MERCATO_MAIL_DIR MERCATO_LOG

step "All checks passed in ${SECONDS}s"
