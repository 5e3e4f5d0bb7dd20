/**
 * A local authority's schools behind one stand-in Wonde API, in a process of its own: one
 * stand-in school per bench school (LA_SCHOOLS, LA_PUPILS), each with its roll and the as-of
 * morning's marks (LA_AS_OF), all reached at one address as Wonde's are (`/v1.0/schools/{id}/…`).
 * Prints `{"url","token"}` on its first line. A POST to `/reset` marks every morning's marks
 * changed now (the next incremental sync reads them again).
 */
import { createServer } from 'node:http';
import { fakeWonde, type FakeWonde } from '../test/support/fake-wonde.ts';
import { syntheticPupils } from '../src/demo/synthetic.ts';

const SCHOOLS = Number(process.env.LA_SCHOOLS ?? 20);
const PUPILS = Number(process.env.LA_PUPILS ?? 1000);
const AS_OF = process.env.LA_AS_OF ?? '2025-02-26';
const TOKEN = 'la-bench-token';
const profiles = syntheticPupils({ pupils: PUPILS, seed: 11 });
const fakes = new Map<string, { fake: FakeWonde; base: string }>();
for (let s = 1; s <= SCHOOLS; s++) {
  const id = `W${String(s).padStart(4, '0')}`;
  const fake = await fakeWonde(id, TOKEN);
  const old = new Date('2024-09-01T00:00:00Z');
  profiles.forEach((p, i) => {
    const sid = `S${s}-${i}`;
    fake.students.push({ id: sid, upn: p.upn, forename: 'Pupil', surname: `N${i}`, year: String(7 + (i % 5)), reg: `${7 + (i % 5)}${'ABCD'[i % 4]}`, admission: '2024-09-01', contacts: [{ forename: 'Parent', surname: `N${i}`, relationship: 'Mother', pr: true, mobile: '07700 900000' }], updatedAt: old });
    // the morning: most present, some N (not yet explained), a few late
    fake.marks.push({ student: sid, date: AS_OF, session: 'AM', code: i % 23 === 0 ? 'N' : i % 41 === 0 ? 'L' : '/', updatedAt: new Date() });
  });
  fakes.set(id, { fake, base: fake.url.replace(/\/v1\.0$/, '') });
}

let self = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    if (req.url === '/reset') {
      const now = new Date();
      for (const { fake } of fakes.values()) for (const m of fake.marks) m.updatedAt = now;
      res.writeHead(200).end('{}');
      return;
    }
    const school = /^\/v1\.0\/schools\/([^/?]+)/.exec(req.url ?? '')?.[1];
    const target = (school ? fakes.get(school) : fakes.values().next().value) ?? fakes.values().next().value!;
    const r = await fetch(`${target.base}${req.url}`, { method: req.method, headers: { authorization: String(req.headers.authorization ?? '') }, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    // its pages name the stand-in school's own address: named as this one's, as Wonde's are
    const text = (await r.text()).replaceAll(target.base, self);
    res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers.get('retry-after') ? { 'retry-after': r.headers.get('retry-after')! } : {}) });
    res.end(text);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
self = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
console.log(JSON.stringify({ url: `${self}/v1.0`, token: TOKEN, schools: [...fakes.keys()] }));
process.on('SIGTERM', async () => { server.close(); for (const { fake } of fakes.values()) await fake.close(); process.exit(0); });
