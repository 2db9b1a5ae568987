# syntax=docker/dockerfile:1
# One image for the gateway (its default command) and the demo payment processor (docker-compose
# overrides the command). Node 26, the current LTS line (CI runs a smoke set of the suite on it); the code runs compiled (npm run build → dist/), so
# the image carries no compiler, no dev dependency and no TypeScript source.

# 1. Compile, with the dev dependencies (typescript).
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY connectors ./connectors
COPY scripts ./scripts
RUN npm run build

# 2. Runtime dependencies only: this layer is rebuilt only when the lockfile changes.
FROM node:26-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. What runs. The compiled code reads the SDL, the policy and the declarations next to itself
# (dist/src/.. → dist/schema, dist/policy, dist/sources).
FROM node:26-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./dist/schema
COPY policy ./dist/policy
COPY sources ./dist/sources

# Writable data dirs, owned by the unprivileged user; named volumes mounted here inherit this.
RUN mkdir -p /app/.data /data/processor && chown node:node /app/.data /data/processor
USER node

EXPOSE 4000
# The image has no curl: Node's fetch asks /readyz (200 only when every source and the state answer).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=12 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
