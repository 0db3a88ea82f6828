#!/usr/bin/env bash
# Smoke run of the BUILT CLI with plain node: catches import forms that pass under jest but break in node.
set -euo pipefail
cd "$(dirname "$0")/.."
node dist/cli.js --help >/dev/null
node dist/cli.js validate --help >/dev/null
node dist/cli.js validate --dir desired-state
echo "smoke: built CLI ok"
