#!/usr/bin/env bash
# `npm test`: typecheck, build, jest, then a smoke run of the built CLI with plain node. Nothing is tested on a tree
# that does not type-check or build; the smoke run goes on whatever jest said. Exit code non-zero on any failure.
# With TEST_STEPS_FILE set (.ci/run sets it), each step that ran is recorded there as "STEP EXIT_CODE", so CI can
# count and name a failure outside jest.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
step() {
  local name=$1
  shift
  "$@"
  local code=$?
  [ -n "${TEST_STEPS_FILE:-}" ] && echo "$name $code" >>"$TEST_STEPS_FILE"
  [ "$code" -eq 0 ] || status=1
  return "$code"
}
step typecheck npm run typecheck || exit 1
step build npm run build || exit 1
step jest npm run test:jest
step smoke npm run test:smoke
exit $status
