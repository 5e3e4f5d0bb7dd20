/** `ladder show`: a preset ladder (or a ladder file) in words, each step in its policy's order. */
import { readFileSync } from 'node:fs';
import { LADDER_PRESETS, ladderPreset } from '../../config/ladder-presets.ts';
import { LadderError, parseLadder } from '../../config/ladder.ts';
import { ladderMarkdown } from '../../config/ladder-markdown.ts';
import { CliError, type Command, parseOptions } from '../command.ts';

export const ladderCommand: Command = {
  summary: `ladder show <${Object.keys(LADDER_PRESETS).join('|')}|FILE.json>: a ladder's steps in order, when each is due, and the policy line behind it`,
  async run(argv) {
    const { positionals } = parseOptions('ladder', argv, {}, true);
    const [verb, which] = positionals;
    if (verb !== 'show' || !which) throw new CliError(`ladder: usage: ladder show <${Object.keys(LADDER_PRESETS).join('|')}|FILE.json>`);
    let ladder;
    try {
      ladder = which in LADDER_PRESETS ? ladderPreset(which) : parseLadder(JSON.parse(readFileSync(which, 'utf8')), which);
    } catch (err) {
      if (err instanceof LadderError || err instanceof SyntaxError) throw new CliError(err.message);
      if ((err as { code?: string }).code === 'ENOENT') throw new CliError(`ladder show: no preset or file "${which}"`);
      throw err;
    }
    process.stdout.write(`${ladderMarkdown(ladder)}\n`);
    return 0;
  },
};
