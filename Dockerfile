# verilab in a container, and as a Hugging Face Docker Space (front matter in README.md).
#
#   docker build -t verilab .
#   docker run -p 8000:8000 -e VERILAB_TOKEN_KEY=$(openssl rand -hex 32) verilab
#
# Stage 1 installs every dependency (dev ones included: the install step builds each package's
# dist/ with tsc and the web UI with Vite), then drops the dev dependencies. Stage 2 copies only
# the result onto a clean Node image and runs it as the unprivileged `node` user (uid 1000, the
# uid Spaces run as). The server reads its port from PORT (default 8000, the port OpenEnv
# clients and `openenv push` expect).
# scripts/container.test.ts runs these commands outside Docker.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package.json
COPY --from=build --chown=node:node /app/node_modules /app/node_modules
COPY --from=build --chown=node:node /app/packages /app/packages
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.VERILAB_PORT || process.env.PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["/app/node_modules/.bin/verilab", "serve", "--host", "0.0.0.0"]
