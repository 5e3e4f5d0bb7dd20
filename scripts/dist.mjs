/**
 * The compiled service and CLI in dist/: whether they are as new as the sources, and the
 * build that makes them so. Shared by `npm start` (builds when stale) and `npm run cli`
 * (runs the compiled CLI when fresh, the TypeScript through tsx when not).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'cards', 'jobs'];

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Written by a build that succeeded: tsc leaves an output file alone when it would not change. */
const STAMP = join(ROOT, 'dist/.built');

/** dist/<path> exists and the last build that succeeded is newer than every source file. */
export function distFresh(path) {
  const stamp = STAMP;
  if (!existsSync(join(ROOT, 'dist', path)) || !existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((d) => !existsSync(join(ROOT, d)) || newest(join(ROOT, d)) <= built);
}

/** `npm run build` (tsc into dist/); exits with tsc's status when it fails. */
export function build() {
  const started = new Date();
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // dated from the start: a source saved during the build makes it stale
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) build();
