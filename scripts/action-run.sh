#!/usr/bin/env bash
# The GitHub Action's command step (action.yml): builds the zoom-settings command line from the ZS_* inputs, runs
# it, keeps what it printed in zoom-settings.<command>.<ext>, and writes the step outputs exit-code, plan-path,
# output-path and summary. Plan and drift exit 2 when something would change: the step still succeeds then.
set -uo pipefail

cmd=("$ZS_COMMAND")
case "$ZS_COMMAND" in
  validate|plan|drift|apply|check|report) cmd+=(--dir "$ZS_DIR") ;;
esac
# shellcheck disable=SC2206  # args are split on spaces on purpose
extra=($ZS_ARGS)
fixing=0
for arg in "${extra[@]}"; do [ "$arg" = --fix ] && fixing=1; done
case "$ZS_COMMAND" in
  plan|apply|rollback) cmd+=(--max-changed-users "$ZS_MAX_USERS" --max-changed-percent "$ZS_MAX_PERCENT") ;;
  drift) [ "$fixing" = 1 ] && cmd+=(--max-changed-users "$ZS_MAX_USERS" --max-changed-percent "$ZS_MAX_PERCENT") ;;
esac
[ "$ZS_FORMAT" != text ] && cmd+=(--format "$ZS_FORMAT")
case "$ZS_COMMAND" in
  plan) cmd+=(--detailed-exitcode) ;;
  drift) [ "$fixing" = 0 ] && cmd+=(--detailed-exitcode) ;;
esac
cmd+=("${extra[@]}")

case "$ZS_FORMAT" in markdown) ext=md ;; json) ext=json ;; sarif) ext=sarif ;; junit) ext=xml ;; csv) ext=csv ;; html) ext=html ;; *) ext=txt ;; esac
output="zoom-settings.$ZS_COMMAND.$ext"
plan_path=""
for ((i = 0; i < ${#cmd[@]}; i++)); do [ "${cmd[$i]}" = --out ] && plan_path="${cmd[$((i + 1))]:-}"; done

echo "zoom-settings ${cmd[*]}" >&2
node "$ZS_CLI" "${cmd[@]}" >"$output"
code=$?
cat "$output"

if [ -n "$plan_path" ] && [ -f "$plan_path" ]; then
  summary=$(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).summary;
    const b = s.byStatus;
    console.log(`${b.change} to change, ${b["no-change"]} unchanged, ${b["not-found"]} not found, ${b.pending} pending, ${b.error} errors; ${s.changes} settings`);
  ' "$plan_path" 2>/dev/null)
else
  summary=$(grep -E '^(Plan|Drift): |^(apply|drift fix|rollback) run |desired state in .* valid' "$output" | head -n 1)
  [ -n "$summary" ] || summary=$(grep -v '^\s*$' "$output" | tail -n 1)
fi

{
  echo "exit-code=$code"
  echo "plan-path=$plan_path"
  echo "output-path=$output"
  echo "summary=${summary//$'\n'/ }"
} >>"${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ "$ext" = md ]; then cat "$output"; else printf '```\n%s\n```\n' "$(cat "$output")"; fi >>"$GITHUB_STEP_SUMMARY"
fi

if [ "$code" = 0 ]; then exit 0; fi
if [ "$code" = 2 ] && { [ "$ZS_COMMAND" = plan ] || [ "$ZS_COMMAND" = drift ]; }; then exit 0; fi
exit "$code"
