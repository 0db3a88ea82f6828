# Minimal for now; the shipping issue makes it multi-stage with a non-root user.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY dist ./dist
ENTRYPOINT ["node", "/app/dist/cli.js"]
