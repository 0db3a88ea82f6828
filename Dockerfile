# zoom-settings container image. Two stages: `build` compiles the TypeScript; the runtime stage holds only the
# production dependencies, dist/, the editor schemas `import` copies, and git (for `plan --changed-since`), and
# runs as the non-root `node` user on Node 24 (an LTS line, supported until 2028-04-30).
#
#   docker build -t zoom-settings .
#   docker run --rm --read-only -e ZOOM_ACCOUNT_ID -e ZOOM_CLIENT_ID -e ZOOM_CLIENT_SECRET \
#     -v "$PWD/desired-state:/desired-state:ro" -v zoom-settings-work:/work zoom-settings   # plan --dir /desired-state
#
# `watch` (real-time drift from Zoom's events) is one more command of the same entrypoint; it listens on 8080 and must
# bind all interfaces in a container, and keeps its event queue in /work (deploy/kubernetes/watch.yaml):
#   docker run --rm --read-only -p 8080:8080 -e ZOOM_WEBHOOK_SECRET_TOKEN -e ZOOM_ACCOUNT_ID -e ZOOM_CLIENT_ID \
#     -e ZOOM_CLIENT_SECRET -v "$PWD/desired-state:/desired-state:ro" -v zoom-settings-work:/work zoom-settings \
#     watch --host 0.0.0.0 --dir /desired-state
#
# The image runs with a read-only root filesystem (--read-only, or readOnlyRootFilesystem in Kubernetes): all it
# writes (the journal in .zoom-settings/, plan files) goes to /work, a volume.
# The desired state is mounted at /desired-state. For --changed-since mount the whole git checkout instead
# (-v "$PWD:/repo:ro" ... --dir /repo/desired-state). To bake the desired state in, derive an image (docs/docker.md).
# scripts/container-build.sh performs the same steps without a Docker engine.

FROM node:24-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
# Dependency install scripts stay off (package.json "allowScripts"): swc and esbuild ship prebuilt binaries.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim AS runtime
ENV NODE_ENV=production
# git: `plan --changed-since` reads the base commit's desired state. A mounted checkout belongs to another uid:
# safe.directory lets git read it anyway (the image only reads repositories).
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && git config --system --add safe.directory '*'
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /build/dist ./dist
COPY desired-state/.schema ./desired-state/.schema
# /work holds what a run writes (the apply journal in .zoom-settings/, plan files); the node user owns it, and it
# is a volume so a read-only root filesystem still has one writable place.
RUN mkdir -p /work /desired-state && chown node:node /work
VOLUME ["/work"]
# watch's default port (GET /healthz for probes, GET /metrics, POST /zoom/webhook for Zoom).
EXPOSE 8080
USER node
WORKDIR /work
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["plan", "--dir", "/desired-state"]
