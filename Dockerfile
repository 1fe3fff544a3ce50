# syntax=docker/dockerfile:1
# One image definition for every service:
#   docker build --build-arg SERVICE=order -t shop-order .
# The base image is a build argument. Where no registry can be reached, build one from a rootfs
# made on the machine (scripts/image/make-base-image.sh) and pass it as BASE_IMAGE.
ARG BASE_IMAGE=docker.io/library/node:20.20-bookworm-slim

# ---- build: install every workspace's dependencies and compile -------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /src
# Manifests first, so the dependency layer is reused until a package.json or the lock changes.
# `npm install`, not `npm ci`: npm 11 can write a lock without other platforms' optional
# binaries (swc), which `npm ci` then rejects; install still honours the lock (as .ci/run).
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/kafka-lag-exporter/package.json packages/kafka-lag-exporter/
COPY services/gateway/package.json services/gateway/
COPY services/order/package.json services/order/
COPY services/inventory/package.json services/inventory/
COPY services/payment/package.json services/payment/
COPY services/notification/package.json services/notification/
COPY services/psp/package.json services/psp/
# Behind a TLS-inspecting proxy, pass its CA bundle as the build secret `ca`
# (docker build --secret id=ca,src=/path/ca.crt); it is used for npm only and not stored.
RUN --mount=type=secret,id=ca \
  if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
  npm install --no-audit --no-fund --ignore-scripts
COPY packages packages
COPY services services
RUN npx tsc -b

# ---- app: the one service, its production dependencies, nothing else ------------------------
FROM build AS app
ARG SERVICE
RUN test -n "$SERVICE" && test -f "services/$SERVICE/package.json" \
  || { echo "build with --build-arg SERVICE=<gateway|order|inventory|payment|notification|psp>" >&2; exit 1; }
# Production dependencies of this workspace only (the shared packages are workspace links).
RUN --mount=type=secret,id=ca \
  if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
  rm -rf node_modules && npm install --omit=dev --no-audit --no-fund --ignore-scripts --workspace "services/$SERVICE"
# The runtime tree: compiled code, migrations, manifests and dependencies (npm nests a
# workspace's own where versions differ); no sources, tests or build info.
RUN mkdir -p /out && cp -a node_modules package.json /out/ \
  && for dir in packages/contracts packages/platform "services/$SERVICE"; do \
       mkdir -p "/out/$dir" && cp -a "$dir/package.json" "$dir/dist" "/out/$dir/" \
       && for extra in migrations node_modules; do \
            if [ -d "$dir/$extra" ]; then cp -a "$dir/$extra" "/out/$dir/"; fi; \
          done; \
     done \
  && find /out/packages /out/services \( -name '*.test.js' -o -name '*.test.d.ts' -o -name '*.tsbuildinfo' \) -delete \
  && ln -s "services/$SERVICE/dist/main.js" /out/main.js

# ---- runtime ---------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="shop-${SERVICE}" \
      org.opencontainers.image.description="Order saga platform: the ${SERVICE} service" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    APP_ID=${SERVICE} \
    APP_PORT=3000 \
    APP_HOST=0.0.0.0
WORKDIR /app
# Owned by root and not writable by the app's user: the code cannot be changed at runtime, and
# nothing needs to be written, so the container runs with a read-only root filesystem.
COPY --from=app /out /app
USER 10001:10001
EXPOSE 3000
STOPSIGNAL SIGTERM
# Node's own fetch: no curl or wget in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.APP_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "/app/main.js"]
