#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on their default local ports, starting the
# machine's own servers when they are installed but stopped. Says what to install when
# they are missing. Used by `npm test` (pretest) and the demo.
set -euo pipefail

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)" = "PONG" ]; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 0.5; done
  pg_up || { echo "services: PostgreSQL is not running on 127.0.0.1:5432. Install it: Debian/Ubuntu 'apt-get install postgresql'; macOS 'brew install postgresql@16 && brew services start postgresql@16'." >&2; exit 1; }
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "services: starting Redis" >&2
    mkdir -p /tmp/redis-attendance
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp/redis-attendance --logfile /tmp/redis-attendance/redis.log
  fi
  for _ in $(seq 1 30); do redis_up && break; sleep 0.2; done
  redis_up || { echo "services: Redis is not running on 127.0.0.1:6379. Install it: Debian/Ubuntu 'apt-get install redis-server'; macOS 'brew install redis && brew services start redis'." >&2; exit 1; }
fi
# BullMQ needs Redis to keep every key: no eviction.
redis-cli -h 127.0.0.1 -p 6379 config set maxmemory-policy noeviction >/dev/null
