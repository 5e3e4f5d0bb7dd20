/**
 * The command line: `npm run -s cli -- <command> [options]`.
 * Each command lives in src/cli/commands and is loaded only when it runs: `evaluate` loads
 * neither the database client nor any platform SDK. This file only dispatches and reports errors.
 */
import { CliError, type Command } from './command.ts';

const commands: Record<string, () => Promise<Command>> = {
  evaluate: async () => (await import('./commands/evaluate.ts')).evaluateCommand,
  school: async () => (await import('./commands/school.ts')).schoolCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  demo: async () => (await import('./commands/demo.ts')).demoCommand,
  jobs: async () => (await import('./commands/jobs.ts')).jobsCommand,
  ladder: async () => (await import('./commands/ladder.ts')).ladderCommand,
  secrets: async () => (await import('./commands/secrets.ts')).secretsCommand,
  letters: async () => (await import('./commands/letters.ts')).lettersCommand,
};

async function usage(): Promise<string> {
  const lines = await Promise.all(Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(10)} ${(await load()).summary}`));
  return `usage: npm run -s cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${await usage()}\n`);
    return name ? 0 : 2;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`unknown command "${name}"\n${await usage()}\n`);
    return 2;
  }
  return (await load()).run(rest);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P03']);
function isUnreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return Boolean(e && ((e.code && UNREACHABLE.has(e.code)) || /Connection terminated unexpectedly/.test(e.message ?? '')));
}

// Exit when the command is done: HTTP keep-alive sockets of the platform clients would
// otherwise hold the process open.
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; process.stdout.write('', () => process.exit(code)); },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.exitCode;
    } else if (isUnreachable(err)) {
      // a dependency that does not answer is one line for whoever runs the command, not a stack trace
      process.stderr.write(`${(err as Error).message.split('\n')[0]}: is PostgreSQL running at DATABASE_URL?\n`);
      process.exitCode = 1;
    } else if ((err as { code?: string }).code === '3D000') {
      // PostgreSQL answers, but not for this database: one line too
      process.stderr.write(`${(err as Error).message}: is DATABASE_URL right? (\`npm run demo\` creates its own)\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
