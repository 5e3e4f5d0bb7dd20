/**
 * `npm start`: the service as compiled JavaScript on plain node. It builds first (`npm run
 * build`, tsc into dist/) when dist is missing or older than the sources, so a clean clone
 * starts with one command; arguments pass through (`npm start -- --no-jobs`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist/src/main.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
if (built === 0 || ['src', 'cards', 'jobs'].some((d) => newest(join(ROOT, d)) > built)) {
  process.stderr.write('start: compiling to dist/ (npm run build)\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['--enable-source-maps', MAIN, ...process.argv.slice(2)], { stdio: 'inherit', cwd: ROOT });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
