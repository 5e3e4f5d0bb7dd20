/** A benchmark's stand-in in a process of its own: started with tsx, its first line (JSON) read back. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function startStandIn<T>(script: string, env: NodeJS.ProcessEnv = {}): Promise<{ info: T; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { info: JSON.parse(first) as T, process: child };
}
