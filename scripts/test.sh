#!/usr/bin/env bash
# `npm test`: install what is missing, then lint, typecheck, build checks and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The browser tests drive Debian's Chromium; install it where we can (root with apt-get), as CI does.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "npm test: Chromium is missing; install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
  fi
fi
echo "==> lint (biome)"
pnpm exec biome check .
echo "==> typecheck (sources and tests)"
pnpm -r --no-bail typecheck
echo "==> build + package checks"
pnpm -r build
pnpm -r --if-present check:package
echo "==> tests"
pnpm exec vitest run
