/**
 * `school connect wonde …`, `school sync …`, `school mis-status`: connecting a school to its MIS
 * through Wonde, a sync now (as the scheduler runs it), and each school's sync status.
 * WONDE_TOKEN comes from the environment only: it is never stored or printed.
 */
import { pgMisStore } from '../../adapters/db/mis-store.ts';
import { pgImports } from '../../adapters/db/stores.ts';
import { checkWondeSchool, wondeSource } from '../../adapters/mis/wonde/wonde.ts';
import { NotConnectedError, SyncRunningError, syncMis } from '../../app/imports/sync-mis.ts';
import { InputError, formatProblem } from '../../app/imports/rows.ts';
import { UnknownSchoolError } from '../../app/imports/import-register.ts';
import { MisError } from '../../app/ports.ts';
import type { Env } from '../../config/env.ts';
import { CliError } from '../command.ts';
import { cliActor, withDb } from '../context.ts';

function wondeConfig(e: Env) {
  if (!e.WONDE_TOKEN) throw new CliError('WONDE_TOKEN is not set: the product\'s Wonde token, from the Wonde dashboard (it is read from the environment only)');
  return { apiUrl: e.WONDE_API_URL, token: e.WONDE_TOKEN };
}

export async function connectWonde(schoolId: string, wondeSchool: string, writeBack: boolean): Promise<number> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(wondeSchool)) throw new CliError(`--wonde-school "${wondeSchool.slice(0, 40)}": a Wonde school id, e.g. A1930499544`);
  return withDb(async (db, e) => {
    if ((await db.pool.query('SELECT 1 FROM "School" WHERE id = $1', [schoolId])).rowCount === 0) throw new CliError(`school connect: no school "${schoolId}"`);
    // a refused token stops here; anything else (no token yet, Wonde away, no such school
    // listed) binds with a warning, and the first sync says what it cannot read
    let name = 'not confirmed';
    if (!e.WONDE_TOKEN) process.stderr.write('school connect: warning: WONDE_TOKEN is not set: syncs need it\n');
    else {
      try {
        name = await checkWondeSchool({ apiUrl: e.WONDE_API_URL, token: e.WONDE_TOKEN }, wondeSchool);
      } catch (err) {
        if (!(err instanceof MisError)) throw err;
        if (/refused the token/.test(err.message)) throw new CliError(`school connect: ${err.message}`, 1);
        process.stderr.write(`school connect: warning: ${err.message}; bound anyway\n`);
      }
    }
    await pgMisStore(db).connect({ schoolId, provider: 'wonde', misSchoolId: wondeSchool, writeBack }, cliActor());
    process.stdout.write(`school ${schoolId}: connected to Wonde school ${wondeSchool} (${name}); write-back ${writeBack ? 'on' : 'off'}; the next sync reads everything\n`);
    return 0;
  }, { prepare: true });
}

export async function syncNow(schoolId: string, full: boolean): Promise<number> {
  return withDb(async (db, e) => {
    const store = pgMisStore(db);
    const conn = await store.connection(schoolId);
    if (conn && conn.provider !== 'wonde') throw new CliError(`school sync: school ${schoolId} is connected to ${conn.provider}, which this build cannot read`, 1);
    const deps = { mis: wondeSource(wondeConfig(e)), store, imports: pgImports(db), clock: { now: () => new Date() } };
    try {
      const r = await syncMis(deps, schoolId, { full, progress: (l) => process.stderr.write(`school sync: ${l}\n`) });
      const parts = [
        ...(r.roll ? [`students ${r.roll.rows} (${r.roll.inserted} new, ${r.roll.updated} updated)`] : []),
        ...(r.marks ? [`marks ${r.marks.rows} (${r.marks.inserted} new, ${r.marks.amended} amended, ${r.marks.unchanged} unchanged, ${r.marks.misNotUpdated} kept from chat)`] : []),
        ...(r.writtenBack || r.writeBackError ? [`written back ${r.writtenBack}${r.writeBackError ? ` (failed: ${r.writeBackError})` : ''}`] : []),
      ];
      process.stdout.write(`school ${schoolId}: synced from Wonde${full ? ' (full)' : ''}: ${parts.join('; ')}\n`);
      return 0;
    } catch (err) {
      if (err instanceof NotConnectedError || err instanceof UnknownSchoolError || err instanceof SyncRunningError) throw new CliError(`school sync: ${err.message}`, 1);
      if (err instanceof MisError) throw new CliError(`school sync: ${err.message}; nothing was changed`, 1);
      if (err instanceof InputError) {
        throw new CliError(`school sync: refused, nothing was changed: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}: ${err.problems.slice(0, 5).map(formatProblem).join('; ')}${err.problems.length > 5 ? ' …' : ''}`, 1);
      }
      throw err;
    }
  }, { prepare: true });
}

export async function misStatus(schoolId?: string): Promise<number> {
  return withDb(async (db) => {
    const store = pgMisStore(db);
    const schools = (await store.connectedSchools()).filter((c) => !schoolId || c.schoolId === schoolId);
    if (schools.length === 0) process.stdout.write(schoolId ? `school ${schoolId}: not connected to an MIS\n` : 'no school is connected to an MIS\n');
    for (const c of schools) {
      const state = await store.state(c.schoolId);
      const parts = state.length === 0 ? ['never synced'] : state.map((s) =>
        `${s.resource} ${s.lastSyncAt ? s.lastSyncAt.toISOString().slice(0, 16).replace('T', ' ') : 'never'} (${s.lastRows} rows${s.lastError ? `; error: ${s.lastError}` : ''})`);
      process.stdout.write(`school ${c.schoolId}: ${c.provider} ${c.misSchoolId}, write-back ${c.writeBack ? 'on' : 'off'}: ${parts.join('; ')}\n`);
    }
    return 0;
  });
}
