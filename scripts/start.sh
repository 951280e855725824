#!/usr/bin/env bash
# `npm start`: install what is missing, build, then run the local stack in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  echo "npm start: java is missing; DynamoDB Local runs on it. Install a JRE 17 (e.g. apt-get install -y openjdk-17-jre-headless) and try again." >&2
  exit 1
fi
bash scripts/bootstrap.sh
echo "==> building the packages"
pnpm -r --reporter=append-only build >/dev/null
echo "==> starting the local stack"
# exec: Ctrl-C goes straight to the stack, which stops DynamoDB Local, cognito-local and the servers.
exec node examples/local-stack/dist/main.js
