#!/usr/bin/env bash
# Generates the Prisma client (src/generated/prisma) from prisma/schema.prisma.
# `prisma generate` needs no schema engine, but the CLI looks for one and would try to
# download it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file stops that.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/prisma-generate.sh}"
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
exec node node_modules/prisma/build/index.js generate --schema prisma/schema.prisma >/dev/null
