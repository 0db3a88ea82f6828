#!/usr/bin/env bash
# Runs jest with ESM support; writes the --json report where JEST_JSON_OUTPUT says (CI reads its counts).
set -euo pipefail
export NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning"
if [ -n "${JEST_JSON_OUTPUT:-}" ]; then
  exec npx jest --json --outputFile="$JEST_JSON_OUTPUT" "$@"
fi
exec npx jest "$@"
