# zoom-settings container image. Two stages: `build` compiles the TypeScript; the runtime stage holds only the
# production dependencies, dist/ and the editor schemas `import` copies, and runs as the non-root `node` user.
#
#   docker build -t zoom-settings .
#   docker run --rm -e ZOOM_ACCOUNT_ID -e ZOOM_CLIENT_ID -e ZOOM_CLIENT_SECRET \
#     -v "$PWD/desired-state:/desired-state:ro" zoom-settings                  # plan --dir /desired-state
#
# The desired state is mounted at /desired-state. To bake it in instead, derive an image (docs/docker.md):
#   FROM zoom-settings
#   COPY --chown=node:node desired-state /desired-state
# scripts/container-build.sh performs the same steps without a Docker engine.

FROM node:20-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
# Dependency install scripts stay off (package.json "allowScripts"): swc and esbuild ship prebuilt binaries.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /build/dist ./dist
COPY desired-state/.schema ./desired-state/.schema
# /work holds what a run writes (the apply journal in .zoom-settings/, plan files); the node user owns it.
RUN mkdir -p /work /desired-state && chown node:node /work
USER node
WORKDIR /work
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["plan", "--dir", "/desired-state"]
