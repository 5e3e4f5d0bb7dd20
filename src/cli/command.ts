import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  readonly summary: string;
  run(argv: string[]): Promise<number>;
}

/** An error whose message is for the person at the terminal; exit code 2 by default. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** node:util parseArgs, with its errors turned into CliErrors naming the command. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message}`);
  }
}
