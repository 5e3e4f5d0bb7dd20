#!/usr/bin/env bash
# Runs before `npm test`: PostgreSQL and Redis up, the Prisma client generated, the test
# database created and migrated.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
[ -f src/generated/prisma/client.ts ] || bash scripts/prisma-generate.sh
export DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/attendance_test}"
node --import tsx src/adapters/db/migrate-cli.ts
