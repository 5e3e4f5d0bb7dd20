/**
 * Runs a node program in this process and, when it exits, writes its peak resident memory
 * to standard error as `peak-rss-kb=N`: the benchmark's way to measure a command on its own.
 * `node bench/peak.mjs dist/src/cli/main.js import register …`
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(entry), ...args];
process.on('exit', () => process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(resolve(entry)).href);
