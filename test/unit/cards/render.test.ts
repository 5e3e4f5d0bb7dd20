/**
 * Every rendered card is checked against each platform's limits and element types: Block
 * Kit (50 blocks, 3,000 characters a section, 25 elements an actions block, 2,000 characters
 * a button value) and Adaptive Cards 1.5 as Teams renders them (28 KB budget, known element
 * and action types, required properties).
 */
import { describe, expect, it } from 'vitest';
import { fit } from '../../../cards/limits.ts';
import { callForm, draftsCard, lettersSentForm, listCard, marksKey, pupilButtonLabel, meetingForm, messageCard, NO_MARK, planForm, reviewForm, stepForm } from '../../../cards/attendance.ts';
import { type Card, chart, type TableSection } from '../../../cards/model.ts';
import { type DataVisualizationBlock, splitText, toBlocks, toModal, toSlackMessage } from '../../../src/adapters/slack/blocks.ts';
import { formToAdaptiveCard, toAdaptiveCard } from '../../../src/adapters/teams/cards.ts';
import { SLACK } from '../../../src/adapters/slack/limits.ts';
import { acknowledgeFlagForm, unexplainedListCard, weeklySummaryCard } from '../../../cards/jobs.ts';
import { FLAG_ACTIONS } from '../../../src/domain/flags.ts';
import { asFallback, checkAdaptiveCard, schemaProblems, checkBlockKit } from '../../support/card-checks.ts';

const bigList = (n: number) => listCard({
  title: 'Persistent absence', query: 'pa', page: 1, pageCount: Math.ceil(n / 15), total: n,
  rows: Array.from({ length: n }, (_, i) => ({ pupilId: i + 1, upn: `P${i}`, name: `Pupil Number ${i} With A Long Family Name`, regGroup: '9A', attendancePct: 80 + (i % 20) / 2, status: 'persistent' as const, note: 'x'.repeat(40) })),
});

describe('Block Kit rendering stays within Slack limits', () => {
  it('a long list: sections split under 3,000 characters, no more than 50 blocks', () => {
    const blocks = toBlocks(bigList(400));
    expect(checkBlockKit(blocks)).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it('a huge text splits at line breaks into sections under the limit', () => {
    const card: Card = { title: 'T'.repeat(300), summary: 's', sections: [{ type: 'text', text: Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(50)}`).join('\n') }] };
    const blocks = toBlocks(card);
    expect(checkBlockKit(blocks)).toEqual([]);
    expect(blocks.at(-1)).toMatchObject({ type: 'context' }); // cut with a note past 50 blocks
  });

  it('more than 25 buttons split into several actions blocks', () => {
    const card: Card = { title: 't', summary: 's', sections: [{ type: 'actions', actions: Array.from({ length: 30 }, (_, i) => ({ id: 'query', label: `P${i}`, data: { q: `P${i}` } })) }] };
    const blocks = toBlocks(card);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(2);
    expect(checkBlockKit(blocks)).toEqual([]);
  });

  it('refuses button data over 2,000 characters rather than send what Slack would reject', () => {
    const card: Card = { title: 't', summary: 's', sections: [{ type: 'actions', actions: [{ id: 'query', label: 'x', data: { q: 'y'.repeat(2100) } }] }] };
    expect(() => toBlocks(card)).toThrow(/2000/);
  });

  it('forms render as modals with known elements', () => {
    for (const form of [callForm(1, 'Ava Nine', true), meetingForm(1, 'Ava Nine', '2025-02-26'), planForm(1, 'Ava Nine', '2025-03-19'), stepForm(1, 'Ava Nine', [{ key: 'letter-1', title: 'Letter 1', rungTitle: 'Below 96%' }], '2025-02-26'), reviewForm(1, 'Ava Nine', 7, 'Support plan started; review on Wed 26 Feb')]) {
      const modal = toModal(form, { channel: 'C1' }) as Record<string, any>;
      expect(modal.type).toBe('modal');
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
      expect(checkBlockKit(modal.blocks)).toEqual([]);
    }
  });

  it('splitText never exceeds its limit', () => {
    for (const part of splitText('a'.repeat(7000), 3000)) expect(part.length).toBeLessThanOrEqual(3000);
  });
});

describe('Adaptive Cards for Teams', () => {
  it('a message card, a long list and the forms are valid 1.5 cards within 28 KB', () => {
    expect(checkAdaptiveCard(toAdaptiveCard(messageCard('Attendance', 'Hello')))).toEqual([]);
    const long = toAdaptiveCard(bigList(400));
    expect(checkAdaptiveCard(long)).toEqual([]);
    expect(JSON.stringify(long)).toContain('not shown');
    for (const form of [callForm(1, 'Ava Nine', true), meetingForm(1, 'Ava Nine', '2025-02-26'), planForm(1, 'Ava Nine', '2025-03-19'), acknowledgeFlagForm(1, 'Ava Nine', FLAG_ACTIONS), stepForm(1, 'Ava Nine', [{ key: 'letter-1', title: 'Letter 1', rungTitle: 'Below 96%' }], '2025-02-26'), reviewForm(1, 'Ava Nine', 7, 'Support plan started; review on Wed 26 Feb')]) {
      expect(checkAdaptiveCard(formToAdaptiveCard(form))).toEqual([]);
    }
  });

  it('buttons are Action.Execute with an Action.Submit fallback carrying the same data', () => {
    const card = toAdaptiveCard({ title: 't', summary: 's', sections: [{ type: 'actions', actions: [{ id: 'open-call', label: 'Log a call', data: { pupilId: 7 } }] }] });
    const action = (card.body as any[]).find((b) => b.type === 'ActionSet').actions[0];
    expect(action).toMatchObject({ type: 'Action.Execute', verb: 'open-call', data: { action: 'open-call', pupilId: 7 }, fallback: { type: 'Action.Submit', data: { action: 'open-call', pupilId: 7 } } });
  });

  it('the checker itself catches what Teams would reject', () => {
    const problems = checkAdaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Carousel' }, { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'x' }] }] });
    expect(problems).toEqual(expect.arrayContaining(['body[0]: element Carousel', 'body[1]: Action.Execute without verb and Action.Submit fallback']));
    expect(problems.filter((p) => p.startsWith('schema /body/0'))).not.toEqual([]); // the 1.5 schema refuses Carousel too
    // the schema alone: a TextBlock's size must be one of its values
    expect(schemaProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', size: 'Huge' }] })).not.toEqual([]);
    expect(schemaProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', size: 'Large' }] })).toEqual([]);
    expect(checkBlockKit([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])).toEqual(['block 0: section text 3001']);
  });
});

describe('text from outside is escaped for each platform', () => {
  const card = { title: 'Sam <!channel>', summary: 's', sections: [
    { type: 'text' as const, text: '**Note:** call me <!here> or <https://evil.example|click> & [this](https://evil.example)' },
    { type: 'table' as const, columns: ['Pupil'], rows: [['<@U123>']] },
  ] };
  it('Slack: no mention, broadcast or link can be smuggled in; our own bold still works', () => {
    const message = toSlackMessage({ ...card, summary: 'Sam <!channel>' });
    // plain_text (the header) is never parsed for mentions; every mrkdwn text and the fallback are escaped
    const mrkdwn = JSON.stringify([message.text, ...JSON.stringify(message.blocks).match(/"type":"mrkdwn","text":"[^"]*"/g)!]);
    expect(mrkdwn).not.toMatch(/<!|<https|<@/);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('&lt;https://evil.example|click&gt; &amp;');
    expect(text).toContain('*Note:*');
  });
  it('Teams: a markdown link in the text does not become a link', () => {
    const text = JSON.stringify(toAdaptiveCard(card));
    expect(text).not.toContain('](https://evil.example)');
    expect(text).toContain('**Note:**');
  });
});

describe('words are cut at a word boundary', () => {
  it('a label too long for its room ends at a whole word with "…"; one that fits is kept; a single long word is cut where it must be', () => {
    expect(fit('Rapid Response: telephone call from a member of the attendance team', 30)).toBe('Rapid Response: telephone…');
    expect(fit('£160, £80 within 21 days', 24)).toBe('£160, £80 within 21 days');
    expect(fit('£160, £80 within 21 days', 20)).toBe('£160, £80 within…');
    expect(fit('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
  });
});

describe('the marks key', () => {
  it('explains every mark the card shows, once, and no other', () => {
    expect(marksKey(['/', '\\', 'C', 'C', NO_MARK, 'B'])).toBe('Marks: / AM present, \\ PM present, C leave for exceptional circumstances, · no mark, B attending any other approved educational activity');
  });
});

describe('pupil buttons on a list', () => {
  it('two pupils with the same name are told apart by form, and by the end of the UPN in the same form', () => {
    const rows = [
      { name: 'Muhammad Ali', regGroup: '9A', upn: 'A123456789001' }, { name: 'Muhammad Ali', regGroup: '9B', upn: 'A123456789002' },
      { name: 'Zara Khan', regGroup: '9A', upn: 'A123456789003' }, { name: 'Zara Khan', regGroup: '9A', upn: 'A123456789004' },
      { name: 'Ben Near', regGroup: '9C', upn: 'A123456789005' },
    ];
    expect(rows.map((r) => pupilButtonLabel(r, rows))).toEqual(['Muhammad Ali (9A)', 'Muhammad Ali (9B)', 'Zara Khan (9A, …003)', 'Zara Khan (9A, …004)', 'Ben Near']);
  });

  it("the morning list's Call buttons tell them apart the same way", () => {
    const row = (pupilId: number, name: string, regGroup: string, upn: string) => ({ pupilId, upn, name, yearGroup: 9, regGroup, days: 1, unmarked: false });
    const card = unexplainedListCard('Wed 26 Feb', 'AM', [row(1, 'Zara Khan', '9A', 'A123456789003'), row(2, 'Zara Khan', '9A', 'A123456789004'), row(3, 'Ben Near', '9C', 'A123456789005')]);
    const labels = card.sections.flatMap((x) => (x.type === 'actions' ? x.actions.map((b) => b.label) : []));
    expect(labels.sort()).toEqual(['Call: Ben Near', 'Call: Zara Khan (9A, …003)', 'Call: Zara Khan (9A, …004)']);
  });
});

describe('charts and tables', () => {
  const halfTerms = chart({
    kind: 'bar', title: 'Attendance by half term', categories: ['Autumn 1', 'Autumn 2'], unit: '%', valueLabel: 'Attendance %',
    series: [{ name: 'Attendance', values: [94.7, 85.3] }], marks: [{ label: 'persistent absence', value: 90 }, { label: 'Stage 1 letter', value: 95 }],
  });
  const weekdays = chart({ kind: 'bar', title: 'Absent sessions by weekday', categories: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], unit: 'count', valueLabel: 'Absent sessions', series: [{ name: 'Absent sessions', values: [4, 2, 0, 0, 1] }] });
  const versus = chart({ kind: 'bar', title: 'PA and SA against national', categories: ['PA', 'SA'], unit: '%', valueLabel: '% of pupils', series: [{ name: 'Year 9', values: [21.4, 2.5] }, { name: 'National', values: [17.8, 2.3] }] });
  const grid: TableSection = { type: 'table', columns: ['Week', 'Mon', 'Tue'], rows: [['w/c Mon 2 Nov', '/\\', '']] };
  const card = (...sections: Card['sections']): Card => ({ title: 'T', summary: 's', sections });

  it('a chart says its figures, and what it is read against, in words', () => {
    expect(halfTerms.fallback).toBe('Attendance by half term: Autumn 1 94.7%; Autumn 2 85.3% (read against persistent absence at 90.0%, Stage 1 letter at 95.0%).');
    expect(weekdays.fallback).toBe('Absent sessions by weekday: Mon 4; Tue 2; Wed 0; Thu 0; Fri 1.');
    expect(versus.fallback).toBe('PA and SA against national: PA: Year 9 21.4%, National 17.8%; SA: Year 9 2.5%, National 2.3%.');
    expect(() => chart({ kind: 'bar', title: 'x', categories: ['a', 'b'], unit: 'count', valueLabel: 'n', series: [{ name: 's', values: [1] }] })).toThrow(/series s has 1 values for 2 categories/);
  });

  it('Slack: charts are data visualisations (marks as flat lines), each with its words; a third chart is words only', () => {
    const blocks = toBlocks(card(halfTerms, weekdays, versus));
    expect(checkBlockKit(blocks)).toEqual([]);
    const charts = blocks.filter((b) => b.type === 'data_visualization') as DataVisualizationBlock[];
    expect(charts).toHaveLength(2);
    expect(charts[0]!.chart.type).toBe('line');
    expect(charts[0]!.chart.series.map((s) => [s.name, s.data.map((d) => d.value)])).toEqual([['Attendance', [94.7, 85.3]], ['90% persistent…', [90, 90]], ['95% Stage 1 letter', [95, 95]]]);
    expect(charts[1]!.chart.type).toBe('bar');
    expect(JSON.stringify(blocks)).toContain(versus.fallback.replace(/\*\*/g, ''));
    expect(blocks.filter((b) => b.type === 'section').map((b) => JSON.stringify(b)).join()).toContain('PA and SA against national: PA: Year 9 21.4%');
  });

  it('Slack: one table block per message (empty cells filled, figures as numbers); a second table is monospaced; a sortable one is a data table', () => {
    const blocks = toBlocks(card({ ...grid, numeric: [] }, { type: 'table', columns: ['Pupil', 'Attendance'], rows: [['Ava', '88.2%']], numeric: [1] }));
    expect(checkBlockKit(blocks)).toEqual([]);
    const table = blocks.find((b) => b.type === 'table') as { rows: { type: string; text: string }[][] };
    expect(table.rows[1]!.map((c) => c.text)).toEqual(['w/c Mon 2 Nov', '/\\', '–']);
    expect(JSON.stringify(blocks.at(-1))).toContain('```Pupil');
    const sortable = toBlocks(card({ type: 'table', columns: ['Pupil', 'Attendance'], rows: [['Ava', '88.2%']], numeric: [1], sortable: true, caption: 'Year 9' }));
    expect(checkBlockKit(sortable)).toEqual([]);
    const data = sortable.find((b) => b.type === 'data_table') as { caption: string; rows: { type: string; value?: number }[][] };
    expect(data.caption).toBe('Year 9');
    expect(data.rows[1]![1]).toEqual({ type: 'raw_number', value: 88.2, text: '88.2%' });
  });

  it('Teams: charts are chart elements whose fallback is a valid 1.5 TextBlock with the same figures; bars coloured against the marks', () => {
    const ac = toAdaptiveCard(card(halfTerms, weekdays, versus, grid));
    expect(checkAdaptiveCard(ac)).toEqual([]);
    const body = ac.body as unknown as Record<string, any>[];
    expect(body.filter((el) => el.type.startsWith('Chart.')).map((el) => el.type)).toEqual(['Chart.VerticalBar', 'Chart.VerticalBar', 'Chart.VerticalBar.Grouped']);
    const bars = body.find((el) => el.title === 'Attendance by half term')!;
    expect(bars.data).toEqual([{ x: 'Autumn 1', y: 94.7, color: 'warning' }, { x: 'Autumn 2', y: 85.3, color: 'attention' }]);
    expect(bars.fallback.text).toBe(halfTerms.fallback);
    expect(JSON.stringify(body)).toContain('Bars: red below 90% (persistent absence), amber below 95%, green at or above. Levels: 95% (Stage 1 letter).');
    // a line is read for its change: its axis starts below its lowest point, to the 5 below; bars start at 0
    const trend = chart({ kind: 'line', title: 'Attendance by half term', categories: ['Autumn 1', 'Autumn 2'], unit: '%', valueLabel: 'Attendance %', series: [{ name: 'Year 9', values: [91.2, 89.4] }], marks: [{ label: 'National', value: 92.9 }] });
    const line = (toAdaptiveCard(card(trend)).body as unknown as Record<string, any>[]).find((el) => el.type === 'Chart.Line')!;
    expect([line.yMin, line.yMax]).toEqual([80, 100]);
    expect(line.data.map((d: { legend: string }) => d.legend)).toEqual(['Year 9', 'National']);
    expect([bars.yMin, bars.yMax]).toEqual([0, 100]);
    // a 1.5 client draws the fallbacks: the card, so drawn, is valid and carries every figure
    const drawn = asFallback(ac);
    expect(schemaProblems(drawn)).toEqual([]);
    for (const c of [halfTerms, weekdays, versus]) expect(JSON.stringify(drawn)).toContain(c.fallback);
  });
});

describe('drafted letters', () => {
  const view = {
    title: 'Letter 1 and information sheet', stepKey: 'letter-1', asOf: '2025-02-26', skipped: ['Oli Orphan (9B): no parent or carer on the roll'],
    pupils: [{ pupilId: 1, name: 'Ava Nine', regGroup: '9A', parents: ['Kim Nine (mother)', 'Lee Nine (father)'], draftIds: [11, 12] }],
  };
  const links = [{ label: 'Download: Word, to Kim Nine', url: 'https://attendance.example.org/letters/download?t=1.2.abc' }, { label: 'Download: PDF, to Kim Nine', url: 'https://attendance.example.org/letters/download?t=2.2.abd' }];
  const many = { ...view, pupils: Array.from({ length: 40 }, (_, i) => ({ pupilId: i + 1, name: `Pupil ${i}`, regGroup: '9A', parents: ['A Parent (mother)'], draftIds: [100 + i] })) };

  it('one pupil\'s drafts and a list\'s: within Slack\'s limits, links as URL buttons; valid 1.5 in Teams, links as Action.OpenUrl; "Mark sent" carries the drafts', () => {
    for (const card of [draftsCard({ ...view, where: 'by the links below', links }), draftsCard({ ...many, where: 'in your direct messages with the bot' })]) {
      expect(checkBlockKit(toBlocks(card))).toEqual([]);
      expect(checkAdaptiveCard(toAdaptiveCard(card))).toEqual([]);
    }
    const one = draftsCard({ ...view, where: 'by the links below', links });
    const urls = toBlocks(one).flatMap((b: Record<string, any>) => (b.type === 'actions' ? b.elements : [])).filter((e: Record<string, any>) => e.url).map((e: Record<string, any>) => e.url);
    expect(urls).toEqual(links.map((l) => l.url));
    expect(JSON.stringify(toAdaptiveCard(one))).toContain('"type":"Action.OpenUrl","title":"Download: Word, to Kim Nine"');
    expect(JSON.stringify(one)).toContain('"drafts":"11.12"');
    expect(JSON.stringify(one)).toContain('Not drafted: Oli Orphan (9B)');
  });

  it('"Mark all sent": a toggle a pupil, ticked, in a Slack modal and a Teams card', () => {
    const form = lettersSentForm('Letter 1', 'letter-1', many.pupils.map((p) => ({ pupilId: p.pupilId, name: p.name, regGroup: p.regGroup, drafts: String(p.draftIds[0]) })), '2025-02-26');
    expect(form.inputs).toHaveLength(41);
    expect(checkBlockKit((toModal(form, { channel: 'C1' }) as Record<string, any>).blocks, SLACK.modalBlocks)).toEqual([]);
    expect(checkAdaptiveCard(formToAdaptiveCard(form))).toEqual([]);
  });
});

describe('the weekly summary card', () => {
  const view = {
    weekEnding: 'Thu 27 Feb', previousWeekEnding: 'Fri 14 Feb', late: false,
    attendance: { week: 93.4, previous: 94.1 },
    byYear: [7, 8, 9, 10, 11].map((year, i) => ({ year, week: 92 + i, previous: 93 + i / 2 })),
    persistent: { week: 18.2, previous: 17.9 }, severe: { week: 2.4, previous: 2.4 },
    national: { label: 'National 2023/24', persistentPct: 20, severePct: 2.3 },
    entered: [{ name: 'Cleo Cusp', regGroup: '10A', entered: 'PA' as const, attendance: '89.9%' }],
  };
  it('within both platforms\' limits: two charts and a table in Slack, valid 1.5 (charts by their fallbacks) in Teams, the figures in words', () => {
    const card = weeklySummaryCard(view);
    expect(card.summary).toBe('Week ending Thu 27 Feb: 93.4% attendance, PA 18.2%, SA 2.4%; 1 entered PA or SA.');
    const blocks = toBlocks(card);
    expect(checkBlockKit(blocks)).toEqual([]);
    expect(blocks.filter((b) => b.type === 'data_visualization')).toHaveLength(2);
    expect(blocks.some((b) => b.type === 'table')).toBe(true);
    const ac = toAdaptiveCard(card);
    expect(checkAdaptiveCard(ac)).toEqual([]);
    expect(JSON.stringify(asFallback(ac))).toContain('Persistent and severe absence: Persistent: This week 18.2%, Week before 17.9%, National 2023/24 20.0%');
    const late = weeklySummaryCard({ ...view, late: true, entered: [] });
    expect(JSON.stringify(late.sections)).toContain('Posted late: the summary was due on Thu 27 Feb');
    expect(JSON.stringify(late.sections)).toContain('Nobody entered persistent or severe absence this week.');
  });
});
