#!/usr/bin/env bash
# Load figures for the category page (in English and in Polish) and a product page: requests
# per second and latency percentiles at 32 concurrent connections on loopback, for a 1,000- and
# a 100,000-product catalog (SQLite).
#
#   ./run bench                 both catalog sizes
#   ./run bench 5000            one size
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000)
port=3107
duration="${BENCH_SECONDS:-15}"

ensure_rust_tools
if ! command -v wrk >/dev/null; then
  say "Installing wrk (load generator) from Debian"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q wrk >/dev/null
fi
build_styles
say "Building the release binary"
cargo leptos build --release --split >/dev/null
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
mercato="$target_dir/release/mercato"

for size in "${sizes[@]}"; do
  data="$ROOT/target/bench/$size"
  export DATABASE_URL="sqlite://$data/shop.db" MERCATO_MEDIA_DIR="$data/media"
  if [ ! -f "$data/shop.db" ]; then
    mkdir -p "$data"
    say "Seeding $size products"
    "$mercato" seed --products "$size"
  fi
  MERCATO_SEED_DEMO=false MERCATO_PORT=$port MERCATO_LOG=warn LEPTOS_SITE_ROOT="$ROOT/target/site" \
    "$mercato" &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 0.2
  done
  say "Category page, $size products, 32 connections, ${duration}s"
  wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:$port/c/clothing?sort=price-asc&page=2" |
    grep -E "Requests/sec|Latency  |50%|90%|99%|requests in"
  # The same page in a translated language: the issue asks for both figures side by side.
  say "Category page in Polish (/pl), $size products, 32 connections, ${duration}s"
  wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:$port/pl/c/clothing?sort=price-asc&page=2" |
    grep -E "Requests/sec|Latency  |50%|90%|99%|requests in"
  say "Product page, $size products"
  slug=$(curl -sf "http://127.0.0.1:$port/c/clothing" | grep -o 'href="/p/[^"]*"' | head -1 | cut -d'"' -f2)
  wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:$port$slug" |
    grep -E "Requests/sec|50%|99%"
  kill $server 2>/dev/null || true
  wait $server 2>/dev/null || true
done
