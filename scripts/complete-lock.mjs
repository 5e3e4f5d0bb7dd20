// The npm registry reachable here lacks msgpackr-extract's macOS, Windows and 32-bit ARM
// builds (optional native speed-ups of BullMQ's msgpackr), so `npm install` leaves them out
// of package-lock.json and `npm ci` then refuses the lock as out of sync. This puts their
// entries back (optional, platform-limited: npm ci skips them on Linux x64). Run it after
// any `npm install` that rewrites the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const parent = lock.packages['node_modules/msgpackr-extract'];
for (const [name, version] of Object.entries(parent?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [, os, cpu] = /msgpackr-extract-(\w+)-(\w+)$/.exec(name);
  lock.packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
  console.log(`complete-lock: added ${key}`);
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))) sorted[k] = lock.packages[k];
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
