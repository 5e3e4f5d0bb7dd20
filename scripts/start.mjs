/**
 * `npm start`: the service as compiled JavaScript on plain node. It builds first (`npm run
 * build`, tsc into dist/) when dist is missing or older than the sources, so a clean clone
 * starts with one command; arguments pass through (`npm start -- --no-jobs`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build, distFresh, ROOT } from './dist.mjs';

if (!distFresh('src/main.js')) {
  process.stderr.write('start: compiling to dist/ (npm run build)\n');
  build();
}
const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist/src/main.js'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: ROOT });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// npm passes no signal on to a script's processes: when npm (and the shell it ran this in)
// is stopped, this process is left without its parent, and stops the service as SIGTERM would
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) child.kill('SIGTERM'); }, 1000).unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
