#!/usr/bin/env bash
# Installs what is missing: the pinned pnpm, then the workspace from the frozen lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "==> installing pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi
stamp=node_modules/.bootstrap-lock
if [ ! -f "$stamp" ] || ! cmp -s pnpm-lock.yaml "$stamp"; then
  echo "==> pnpm install --frozen-lockfile"
  pnpm install --frozen-lockfile --reporter=append-only
  cp pnpm-lock.yaml "$stamp"
fi
