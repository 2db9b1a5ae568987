# One image for the gateway (its default command) and the demo payment processor (docker-compose
# overrides the command). TypeScript runs through tsx, a runtime dependency, so there is no build
# step and the image holds exactly the sources the tests ran.
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Only what runs (explicit, so a developer's node_modules, .data or .git never enter the image).
COPY tsconfig.json ./
COPY schema ./schema
COPY policy ./policy
COPY src ./src
COPY connectors ./connectors
COPY scripts ./scripts

# Writable data dirs, owned by the unprivileged user; named volumes mounted here inherit this.
RUN mkdir -p /app/.data /data/processor && chown node:node /app/.data /data/processor
USER node

EXPOSE 4000
CMD ["npm", "start"]
