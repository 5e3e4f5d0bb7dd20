/**
 * The stand-in Wonde API for the MIS benchmark, in a process of its own (Wonde is another
 * machine: its serving is not the sync's cost). Serves a 2,000-pupil school's year of marks;
 * prints `{"url","token","school","control"}` on its first line; a POST to `control` + `morning`
 * changes every pupil's AM mark of the last day (one morning's marks arriving) and answers how
 * many; `control` + `requests` answers how many requests it has served.
 */
import { createServer } from 'node:http';
import { ATTENDANCE_CODES } from '../src/domain/codes.ts';
import { dayOfSlot, isoOf } from '../src/domain/dates.ts';
import { fakeWonde } from '../test/support/fake-wonde.ts';
import { schoolYear } from './synthetic-school.ts';

// its full listing built once (its marks change only by the control, which the full listing does not serve)
const wonde = await fakeWonde(undefined, undefined, { listingTtlMs: 10 * 60_000 });
const year = schoolYear();
const old = new Date('2024-09-01T00:00:00Z');
year.pupils.forEach((p, i) => {
  const id = `A${100000 + i}`;
  wonde.students.push({ id, upn: p.upn, forename: 'Pupil', surname: String(i), year: String(7 + (i % 5)), reg: `${7 + (i % 5)}A`, admission: '2024-09-01', contacts: [{ forename: 'Parent', surname: String(i), relationship: 'Parent', pr: true, mobile: '07700 900000' }], updatedAt: old });
  for (let k = 0; k < p.slots.length; k++) {
    const slot = p.slots[k]!;
    wonde.marks.push({ student: id, date: isoOf(dayOfSlot(slot)), session: slot % 2 ? 'PM' : 'AM', code: ATTENDANCE_CODES[p.codes[k]!]!, updatedAt: old });
  }
});
const control = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json' });
  if (req.method === 'POST' && req.url === '/morning') {
    const lastDay = wonde.marks.reduce((d, m) => (m.date > d ? m.date : d), '');
    const later = new Date(Date.now() + 60_000);
    let changed = 0;
    for (const m of wonde.marks) if (m.date === lastDay && m.session === 'AM') { m.code = m.code === '/' ? 'N' : '/'; m.updatedAt = later; changed++; }
    res.end(JSON.stringify({ changed }));
  } else {
    res.end(JSON.stringify({ requests: wonde.requests.length }));
  }
});
await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));
// its pages written once before the clock starts: what is timed is the sync, not this process
// turning rows into JSON (Wonde's own servers are many, and not ours)
for (let next: string | null = `${wonde.url}/schools/${wonde.school}/attendance/session?per_page=200`; next;) {
  const page = await (await fetch(next, { headers: { authorization: `Bearer ${wonde.token}` } })).json() as { meta: { pagination: { next: string | null } } };
  next = page.meta.pagination.next;
}
wonde.requests.length = 0;
console.log(JSON.stringify({ url: wonde.url, token: wonde.token, school: wonde.school, control: `http://127.0.0.1:${(control.address() as { port: number }).port}/`, marks: wonde.marks.length }));
process.on('SIGTERM', async () => { control.close(); await wonde.close(); process.exit(0); });
