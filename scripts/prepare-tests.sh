#!/usr/bin/env bash
# Runs before `npm test`: services up, Prisma client generated, test database migrated.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
