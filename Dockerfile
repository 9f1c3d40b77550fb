# Flowcerta container image (docs/operations.md, "Container"). Build: docker build -t flowcerta .
# Run one process on SQLite:
#   docker run -p 8080:8080 -v flowcerta-data:/var/lib/flowcerta flowcerta
# or one role on PostgreSQL (same image for api, worker and scheduler):
#   docker run -e FLOWCERTA_DATABASE_URL=postgres://… -e FLOWCERTA_SECRET_KEY=… flowcerta serve --role worker

# --- build: dependencies with dev tools, compile, then drop the dev dependencies ---------------
FROM node:20-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary; these build it from source where none fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: the compiled service, production dependencies, the docs it serves ----------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    FLOWCERTA_HOST=0.0.0.0 \
    FLOWCERTA_PORT=8080 \
    FLOWCERTA_DATA_DIR=/var/lib/flowcerta
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# /docs/* pages and the rule pages findings link to are read from here at run time.
COPY docs ./docs
RUN mkdir -p /var/lib/flowcerta && chown node:node /var/lib/flowcerta && chmod 700 /var/lib/flowcerta
USER node
VOLUME /var/lib/flowcerta
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.FLOWCERTA_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) shuts down gracefully; give it the send timeout: docker stop -t 30.
ENTRYPOINT ["node", "dist/cli/index.js"]
CMD ["serve"]
