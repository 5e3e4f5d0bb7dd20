/** Rewrites the README's preset tables from the presets (between the `ladders` markers). `npx tsx scripts/readme-ladders.ts` */
import { readFileSync, writeFileSync } from 'node:fs';
import { LADDER_PRESETS } from '../src/config/ladder-presets.ts';
import { ladderMarkdown } from '../src/config/ladder-markdown.ts';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = readme.indexOf('\n', readme.indexOf('<!-- ladders:')) + 1;
const end = readme.indexOf('<!-- /ladders -->');
if (start <= 0 || end < start) throw new Error('README: the ladders markers are missing');
writeFileSync(path, `${readme.slice(0, start)}${Object.values(LADDER_PRESETS).map(ladderMarkdown).join('\n').trimEnd()}\n${readme.slice(end)}`);
