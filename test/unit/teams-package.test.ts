/** The Teams app package: built, checked against Microsoft's schema for its manifestVersion, refused with the field named. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPackage, iconProblems, manifestFor, manifestProblems, PackageError, pngSize } from '../../scripts/teams-package.ts';
import { ROOT } from '../support/cli.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** The files of a zip, read from its central directory, each checked against its CRC. */
function unzip(z: Buffer): Map<string, Buffer> {
  const end = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = z.readUInt16LE(end + 10);
  let at = z.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const [method, crc, size, nameLen, extraLen, commentLen, offset] = [z.readUInt16LE(at + 10), z.readUInt32LE(at + 16), z.readUInt32LE(at + 20), z.readUInt16LE(at + 28), z.readUInt16LE(at + 30), z.readUInt16LE(at + 32), z.readUInt32LE(at + 42)];
    const name = z.toString('utf8', at + 46, at + 46 + nameLen);
    const start = offset + 30 + z.readUInt16LE(offset + 26) + z.readUInt16LE(offset + 28);
    const data = method === 8 ? inflateRawSync(z.subarray(start, start + size)) : z.subarray(start, start + size);
    expect(crc32(data) >>> 0).toBe(crc >>> 0);
    out.set(name, data);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('the Teams app package', () => {
  it('a zip of the manifest (the bot, its commands, the host) and the two icons, valid against Microsoft\'s 1.17 schema', () => {
    const { manifest, zip } = buildPackage({ appId: APP_ID, host: 'attendance.example.org', version: '1.2.0' });
    const files = unzip(zip);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const m = JSON.parse(files.get('manifest.json')!.toString()) as Record<string, any>;
    expect(m).toEqual(manifest);
    expect([m.id, m.bots[0].botId, m.version, m.validDomains, m.developer.privacyUrl]).toEqual([APP_ID, APP_ID, '1.2.0', ['attendance.example.org'], 'https://attendance.example.org/privacy']);
    expect(m.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toContain('attendance today');
    expect(manifestProblems(m)).toEqual([]);
    expect(pngSize(files.get('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files.get('outline.png')!)).toEqual({ width: 32, height: 32 });
    expect(JSON.stringify(m)).not.toMatch(/\{\{|YOUR-HOST/);
  });

  it('refuses a manifest the schema refuses, naming the field; an icon of the wrong size; a bad app id or host', () => {
    const good = manifestFor({ appId: APP_ID, host: 'attendance.example.org' }) as Record<string, any>;
    expect(manifestProblems({ ...good, name: { full: 'no short name' } })).toContain("name: must have required property 'short'");
    expect(manifestProblems({ ...good, accentColor: 'blue' }).join()).toMatch(/^accentColor: must match pattern/);
    const commands = good.bots[0].commandLists[0].commands;
    const tooMany = { ...good, bots: [{ ...good.bots[0], commandLists: [{ ...good.bots[0].commandLists[0], commands: [...commands, ...commands] }] }] };
    expect(manifestProblems(tooMany)).toContain('bots.0.commandLists.0.commands: must NOT have more than 10 items');
    expect(manifestProblems({ ...good, manifestVersion: '0.9' })).toEqual(['manifestVersion: "0.9" has no schema in src/adapters/teams/appPackage/schema/']);
    expect(iconProblems({ icons: { color: 'outline.png', outline: 'outline.png' } })).toEqual(['icons.color: outline.png is 32x32, Teams wants 192x192']);
    expect(() => buildPackage({ appId: 'not-a-guid', host: 'https://x/y' })).toThrow(PackageError);
    expect(() => buildPackage({ appId: 'not-a-guid', host: 'https://x/y' })).toThrow(/--app-id "not-a-guid": the bot's Microsoft app id, a GUID\n--host "https:\/\/x\/y": the host name/);
  });

  it('`npm run teams:package` writes the zip, and refuses with the option named and exit 2, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teams-'));
    const ok = spawnSync('npm', ['run', '-s', 'teams:package', '--', '--app-id', APP_ID, '--host', 'attendance.example.org', '--out', join(dir, 'app.zip')], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("checked against Microsoft's 1.17 schema");
    expect(unzip(readFileSync(join(dir, 'app.zip'))).size).toBe(3);
    const bad = spawnSync('npm', ['run', '-s', 'teams:package', '--', '--app-id', 'nope', '--host', 'attendance.example.org', '--out', join(dir, 'bad.zip')], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--app-id "nope"');
    expect(() => readFileSync(join(dir, 'bad.zip'))).toThrow();
  });
});
