# The API, projector and CLI in one image; docker-compose.yml picks the process.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY projections projections
COPY bench bench
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Chromium and CJK fonts print the licence documents (Traditional Chinese included).
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production CHROMIUM_PATH=/usr/bin/chromium DATA_DIR=/data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# REFERENCE_DATA_DIR in docker-compose.yml: the node user writes next year's calendar there (load-calendar).
RUN mkdir -p /srv/shtc/reference && chown node:node /srv/shtc/reference
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
