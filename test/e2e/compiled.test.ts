/** `npm start` runs the compiled service on plain node (not tsx), and it answers /healthz. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';
import { freshDatabase } from '../support/db.ts';
import { freePort } from '../support/processes.ts';

let child: ChildProcess | undefined;
let ctx: Awaited<ReturnType<typeof freshDatabase>> | undefined;
afterAll(async () => {
  // still running (neither exited nor ended by a signal): stop it
  if (child && child.exitCode === null && child.signalCode === null) await new Promise<void>((r) => { child!.once('exit', () => r()); child!.kill('SIGTERM'); });
  for (const pid of await servicePids()) process.kill(Number(pid), 'SIGKILL');
  await ctx?.drop();
});

/** Processes running this test's service (`--no-jobs` on the port it was given). */
let servicePort = 0;
async function servicePids(): Promise<string[]> {
  const p = spawn('pgrep', ['-f', `dist/src/main.js --no-jobs`]);
  let s = '';
  p.stdout.on('data', (d: Buffer) => { s += d.toString(); });
  await new Promise((r) => p.on('close', r));
  const pids = s.split('\n').filter(Boolean);
  // only ours: the one whose environment names this test's port
  const mine: string[] = [];
  for (const pid of pids) {
    const env = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (env.split('\0').includes(`PORT=${servicePort}`)) mine.push(pid);
  }
  return mine;
}

describe('npm start', () => {
  it('builds when needed, runs dist/src/main.js with node, and answers /healthz', async () => {
    ctx = await freshDatabase('compiled');
    const port = await freePort();
    servicePort = port;
    let out = '';
    child = spawn('npm', ['start', '--', '--no-jobs'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: ctx.url, PORT: String(port), SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' } });
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    let status = 0;
    for (let i = 0; i < 600 && status !== 200; i++) {
      status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      if (child.exitCode !== null) throw new Error(`npm start ended: ${out}`);
    }
    expect(status).toBe(200);
    // the process serving is node on the compiled JavaScript, not tsx
    const ps = spawn('ps', ['-o', 'args=', '--ppid', String(child.pid)]);
    let tree = '';
    ps.stdout.on('data', (d: Buffer) => { tree += d.toString(); });
    await new Promise((r) => ps.on('close', r));
    const all = tree + (await new Promise<string>((resolve) => {
      const p = spawn('ps', ['-eo', 'args=']);
      let s = '';
      p.stdout.on('data', (d: Buffer) => { s += d.toString(); });
      p.on('close', () => resolve(s));
    }));
    expect(all).toMatch(/node[^\n]*dist\/src\/main\.js --no-jobs/);
    expect(out).toContain('attendance bot listening on port');
  });

  it('stops the service when npm is stopped: npm passes no signal on, and start.mjs sees its parent gone', async () => {
    expect(await servicePids()).toHaveLength(1);
    await new Promise<void>((r) => { child!.once('exit', () => r()); child!.kill('SIGTERM'); });
    let left = await servicePids();
    for (let i = 0; i < 120 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      left = await servicePids();
    }
    expect(left).toEqual([]);
  });
});
