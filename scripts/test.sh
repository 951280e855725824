#!/usr/bin/env bash
# `npm test`: install what is missing, then lint, typecheck, build checks and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "==> lint (biome)"
pnpm exec biome check .
echo "==> typecheck (sources and tests)"
pnpm -r --no-bail typecheck
echo "==> build + package checks"
pnpm -r build
pnpm -r --if-present check:package
echo "==> tests"
pnpm exec vitest run
