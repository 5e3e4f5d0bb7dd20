import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));

/** Runs the CLI as the README does (`npm run -s cli -- …`), as a separate process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^npm warn.*\n/gm, '') };
}

/**
 * The same, without blocking this process: needed when the command talks to stand-ins
 * served from this process (a blocked event loop could not answer them).
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr: stderr.replace(/^npm warn.*\n/gm, '') }));
  });
}
