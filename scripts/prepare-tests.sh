#!/usr/bin/env bash
# Runs before `npm test`: PostgreSQL and Redis up, the Prisma client generated, the test
# database created and migrated, and Debian's Chromium for the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
[ -f src/generated/prisma/client.ts ] || bash scripts/prisma-generate.sh
export DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/attendance_test}"
node --import tsx src/adapters/db/migrate-cli.ts
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "prepare-tests: installing Debian's chromium for the browser test" >&2
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } \
      || echo "prepare-tests: could not install chromium; the browser test will say so" >&2
  else
    echo "prepare-tests: the browser test needs Chromium at /usr/bin/chromium: Debian/Ubuntu 'sudo apt-get install chromium chromium-driver'" >&2
  fi
fi
