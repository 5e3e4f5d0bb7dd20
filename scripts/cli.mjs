/**
 * `npm run -s cli -- <command>`: the compiled CLI (dist/) when it is as new as the sources,
 * else the TypeScript itself through tsx, in this same process either way. `npm run build`
 * makes the compiled one current; `evaluate` on a year of a large school then runs in well
 * under a second.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distFresh, ROOT } from './dist.mjs';

if (distFresh('src/cli/main.js')) {
  await import(pathToFileURL(join(ROOT, 'dist/src/cli/main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, 'src/cli/main.ts')).href);
}
