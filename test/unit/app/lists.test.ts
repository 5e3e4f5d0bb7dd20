/** Lists are whole and readable: every page reachable, every pupil on a page has its button, nothing cut silently. */
import { describe, expect, it } from 'vitest';
import { listCard, resultCard } from '../../../cards/attendance.ts';
import { columnWeights, toAdaptiveCard } from '../../../src/adapters/teams/cards.ts';
import { ask } from '../../../src/app/use-cases/ask.ts';
import type { Ladder } from '../../../src/domain/ladder.ts';
import { checkAdaptiveCard } from '../../support/card-checks.ts';
import { chatAs, memoryJobDeps, memoryPlatform, memoryWorld, officer, pupil } from '../../support/memory.ts';
import { deliver } from '../../../src/app/delivery.ts';
import { calendar2024, fill } from '../../support/registers.ts';

const TODAY = '2025-02-26';
const LADDER: Ladder = { key: 't', name: 'T', rungs: [{ key: 'r', title: 'R', when: [{ kind: 'persistent-absence' }], steps: [] }] };

function world(n: number) {
  const calendar = calendar2024();
  const pupils = Array.from({ length: n }, (_, i) => pupil({ id: i + 1, upn: `S${i + 1}`, givenName: 'Sofia', familyName: `Surname${String.fromCharCode(65 + i)}`, yearGroup: 7 + (i % 5) }));
  const w = memoryWorld({ calendar, ladder: LADDER, pupils, staff: [officer], today: TODAY });
  // all severely absent, so the `sa` list holds every one of them
  for (const p of pupils) w.mark(p.id, fill(calendar, '2024-09-04', '2025-02-26', 'O', 'O'));
  return w;
}

describe('choices and lists page', () => {
  it('"sofia" matching 18 pupils offers 10, says so, and pages to the other 8', async () => {
    const w = world(18);
    const first = await ask(chatAs(w.deps, officer, TODAY), 'sofia');
    expect(first).toMatchObject({ kind: 'choice', text: expect.stringContaining('18 pupils match "sofia" (page 1 of 2') });
    expect(first.kind === 'choice' && first.options).toHaveLength(10);
    expect(first.kind === 'choice' && first.more).toEqual({ next: 'sofia page 2' });
    const second = await ask(chatAs(w.deps, officer, TODAY), 'sofia page 2');
    expect(second.kind === 'choice' && second.options).toHaveLength(8);
    expect(second.kind === 'choice' && second.more).toEqual({ previous: 'sofia page 1' });
    const card = JSON.stringify(resultCard(second));
    expect(card).toContain('◀ Previous');
  });

  it('every pupil on a list page has a button, and the pages link', async () => {
    const w = world(18);
    const sa = await ask(chatAs(w.deps, officer, TODAY), 'sa');
    expect(sa).toMatchObject({ kind: 'list', total: 18, page: 1, pageCount: 2 });
    const card = listCard(sa as Extract<typeof sa, { kind: 'list' }>);
    const buttons = card.sections.flatMap((s) => (s.type === 'actions' ? s.actions : []));
    expect(buttons.filter((b) => b.label.startsWith('Sofia'))).toHaveLength(15);
    expect(buttons.map((b) => b.label)).toContain('Next ▶');
    expect(checkAdaptiveCard(toAdaptiveCard(card))).toEqual([]);
  });
});

describe('Teams tables', () => {
  it('give each column at least its longest word, so no word breaks across lines', () => {
    const weights = columnWeights(['Pupil', 'Form', 'Attendance', 'Status', 'Note'], [['Sofia Brown', '9A', '72.8%', 'SEVERE', '']]);
    expect(weights[2]).toBeGreaterThan('Attendance'.length);
    expect(weights[3]).toBeGreaterThan('SEVERE'.length);
    expect(weights[1]).toBeGreaterThanOrEqual(5);
  });
});

describe('every post says whose it is', () => {
  it("a job's post carries the school's own name, once: under the card, unless its title has it", async () => {
    const w = world(3);
    const platform = memoryPlatform();
    const deps = memoryJobDeps(w, platform, new Date(`${TODAY}T09:10:00Z`));
    await deliver(deps, { schoolId: 'mem', kind: 'test', dateKey: TODAY, purpose: 'attendance', card: { title: 'Unexplained absences: Wed 26 Feb AM', summary: 's', sections: [] } });
    await deliver(deps, { schoolId: 'mem', kind: 'test2', dateKey: TODAY, purpose: 'attendance', card: { title: 'Memory School: steps due', summary: 's', sections: [] } });
    expect(platform.sent.map((p) => p.card.sections)).toEqual([[{ type: 'context', text: 'Memory School' }], []]);
  });
});
