/**
 * The command line: `npm run -s cli -- <command> [options]`.
 * Each command lives in src/cli/commands; this file only dispatches and reports errors.
 */
import { CliError, type Command } from './command.ts';
import { demoCommand } from './commands/demo.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { importCommand } from './commands/import.ts';
import { jobsCommand } from './commands/jobs.ts';
import { schoolCommand } from './commands/school.ts';

const commands: Record<string, Command> = {
  evaluate: evaluateCommand,
  school: schoolCommand,
  import: importCommand,
  demo: demoCommand,
  jobs: jobsCommand,
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: npm run -s cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
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
    } else {
      process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
