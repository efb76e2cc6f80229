# Installs, on a fresh machine, every tool the build and the tests need, each only when missing.
# Sourced by ./run. cargo-leptos would otherwise try to download some of these from GitHub, which
# fails offline; see docs/toolchain.md.

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate pinned in Cargo.toml
STYLANCE_VERSION=0.8.4
BINARYEN_VERSION=132.0.0 # Debian's binaryen (108) produces WASM that breaks hydration

TOOLS_DIR="$ROOT/.tools"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

has_version() { # command, expected version text
  command -v "$1" >/dev/null 2>&1 && "$@" --version 2>/dev/null | grep -q -- "$2"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: its lock file names a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! stylance --version 2>/dev/null | grep -q "$STYLANCE_VERSION"; then
    say "Installing stylance-cli $STYLANCE_VERSION"
    cargo install stylance-cli --version "$STYLANCE_VERSION" --locked
  fi
  if [ ! -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ]; then
    say "Installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
    mkdir -p "$TOOLS_DIR"
    (cd "$TOOLS_DIR" && npm install --no-save --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" >/dev/null)
  fi
  export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"
}

ensure_browser_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Debian's Chromium for the end-to-end tests"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    say "Installing Playwright (without its browser download)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
}

# Component styles: bundle every *.module.css into public/components.css.
build_styles() {
  stylance "$ROOT/app" >/dev/null
}
