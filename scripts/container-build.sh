#!/usr/bin/env bash
# The Dockerfile's steps without a Docker engine: build, then assemble the runtime stage in a directory
# (production dependencies only, dist/, the editor schemas), and run the CLI from there with plain node.
#
#   scripts/container-build.sh [--no-build] [--out DIR]
#
#   --no-build  use the dist/ already built (npm run build) instead of building first
#   --out DIR   assemble the runtime in DIR (default: a new temporary directory); it is kept, and its path is
#               the last line of output ("runtime: DIR")
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
build=1
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --out) out="${2:?--out needs a directory}"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "container-build: unknown argument $1" >&2; exit 1 ;;
  esac
  shift
done

step() { printf '\n==> %s\n' "$*"; }

if [ "$build" = 1 ]; then
  step "build stage: npm run build (in $ROOT)"
  (cd "$ROOT" && npm run build --silent)
fi
[ -f "$ROOT/dist/cli.js" ] || { echo "container-build: $ROOT/dist/cli.js is missing: run npm run build" >&2; exit 1; }

out="${out:-$(mktemp -d "${TMPDIR:-/tmp}/zoom-settings-runtime-XXXXXX")}"
app="$out/app"
step "runtime stage: WORKDIR $app"
rm -rf "$app" "$out/work" "$out/desired-state"
mkdir -p "$app" "$out/work"

step "COPY package.json package-lock.json"
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$app/"

step "RUN npm ci --omit=dev --ignore-scripts"
(cd "$app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)

step "COPY dist/ and desired-state/.schema"
cp -R "$ROOT/dist" "$app/dist"
mkdir -p "$app/desired-state"
cp -R "$ROOT/desired-state/.schema" "$app/desired-state/.schema"

step "check: no devDependencies in the runtime"
dev_found=$(cd "$app" && node -e '
  const dev = Object.keys(require("./package.json").devDependencies || {});
  const fs = require("fs");
  console.log(dev.filter((name) => fs.existsSync(`node_modules/${name}`)).join(" "));
')
if [ -n "$dev_found" ]; then
  echo "container-build: devDependencies in the runtime: $dev_found" >&2
  exit 1
fi
echo "none of the devDependencies is installed ($(ls "$app/node_modules" | wc -l | tr -d ' ') top-level packages)"

step "mount: desired state at $out/desired-state (the image's /desired-state)"
cp -R "$ROOT/desired-state" "$out/desired-state"

step "run: node app/dist/cli.js --help (WORKDIR work)"
(cd "$out/work" && node "$app/dist/cli.js" --help)

step "run: node app/dist/cli.js validate --dir $out/desired-state"
(cd "$out/work" && node "$app/dist/cli.js" validate --dir "$out/desired-state")

step "run: node app/dist/cli.js demo --dir $out/desired-state (plan against an in-process simulator)"
(cd "$out/work" && node "$app/dist/cli.js" demo --dir "$out/desired-state" >"$out/demo.txt")
tail -n 3 "$out/demo.txt"

step "run: node app/dist/cli.js import --all against a local simulator, then validate what it wrote"
node "$app/dist/cli.js" simulator --users 5 >"$out/simulator.log" 2>&1 &
simulator_pid=$!
trap 'kill "$simulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$out/simulator.log" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$out/simulator.log")
[ -n "$base" ] || { echo "container-build: the simulator did not start" >&2; cat "$out/simulator.log" >&2; exit 1; }
(
  cd "$out/work"
  export ZOOM_ACCOUNT_ID=sim-account ZOOM_CLIENT_ID=sim-client ZOOM_CLIENT_SECRET=sim-secret
  export ZOOM_OAUTH_TOKEN_URL="$base/oauth/token" ZOOM_API_BASE_URL="$base/v2" LOG_LEVEL=error
  node "$app/dist/cli.js" import --all --out-dir imported
  node "$app/dist/cli.js" validate --dir imported
)
cmp -s "$app/desired-state/.schema/users.schema.json" "$out/work/imported/.schema/users.schema.json"

step "run: node app/dist/cli.js watch (the image's entrypoint with the Deployment's flags), probed like Kubernetes and validated like Zoom"
(
  cd "$out/work"
  export ZOOM_ACCOUNT_ID=sim-account ZOOM_CLIENT_ID=sim-client ZOOM_CLIENT_SECRET=sim-secret
  export ZOOM_OAUTH_TOKEN_URL="$base/oauth/token" ZOOM_API_BASE_URL="$base/v2" LOG_LEVEL=error
  export ZOOM_WEBHOOK_SECRET_TOKEN=container-build-webhook-token
  node "$app/dist/cli.js" watch --host 0.0.0.0 --port 0 --dir "$out/desired-state" \
    --queue "$out/work/watch-queue.jsonl" --format json >"$out/watch.out" 2>"$out/watch.log" &
  watch_pid=$!
  for _ in $(seq 1 100); do
    grep -q 'listening on ' "$out/watch.log" 2>/dev/null && break
    sleep 0.1
  done
  watch_url=$(sed -n 's/.*listening on \(http:[^ ;]*\).*/\1/p' "$out/watch.log" | head -n 1)
  [ -n "$watch_url" ] || { echo "container-build: watch did not start" >&2; cat "$out/watch.log" >&2; kill "$watch_pid" 2>/dev/null; exit 1; }
  # /healthz as the kubelet probes it; the endpoint check as Zoom does when the URL is saved (signed challenge).
  WATCH_URL="$watch_url" SIM="$base" node -e '
    const url = new URL(process.env.WATCH_URL);
    (async () => {
      const health = await fetch(new URL("/healthz", url));
      const check = await (await fetch(process.env.SIM + "/_sim/webhooks/validate", {
        method: "POST",
        body: JSON.stringify({ url: url.href.replace("0.0.0.0", "127.0.0.1"), secret: process.env.ZOOM_WEBHOOK_SECRET_TOKEN }),
      })).json();
      console.log(`watch: GET /healthz ${health.status}; endpoint.url_validation ${check.ok ? "ok" : "failed: " + check.reason}`);
      if (health.status !== 200 || !check.ok) process.exit(1);
    })().catch((error) => { console.error(error); process.exit(1); });
  ' || { kill "$watch_pid" 2>/dev/null; cat "$out/watch.log" >&2; exit 1; }
  kill -TERM "$watch_pid"
  wait "$watch_pid"
  echo "watch: stopped on SIGTERM with exit code $?"
)
kill "$simulator_pid" 2>/dev/null || true
wait "$simulator_pid" 2>/dev/null || true
trap - EXIT

printf '\nruntime: %s\n' "$out"
