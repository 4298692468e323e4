# One image for every process of Mosaic; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
# NODE_OPTIONS: the flags of libs/platform/config/src/service-node-flags.ts (npm start uses the same).
ENV NODE_ENV=production CHECKPOINT_DISABLE=1 NX_DAEMON=false NODE_OPTIONS=--max-semi-space-size=32
COPY package.json package-lock.json ./
COPY tools/scripts/prisma.mjs tools/scripts/prisma.mjs
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
USER node
CMD ["node", "-r", "@swc-node/register", "apps/fraud-api/src/main.ts"]
