/**
 * `npm run teams:package -- --app-id <bot's app id> --host <where the bot is reached> [--version 1.2.3] [--out file.zip]`
 *
 * Builds the Teams app package (src/adapters/teams/appPackage/: the manifest with the bot and its
 * command list, and the two icons) into a zip Teams accepts, after checking it: the manifest
 * against Microsoft's published schema for its `manifestVersion` (kept in the repo:
 * appPackage/schema/, no network needed), the icons' sizes (colour 192x192, outline 32x32,
 * PNG). A bad one is refused with the field named, and no zip is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Ajv } from 'ajv';
import { zip } from '../src/shared/zip.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APP = join(ROOT, 'src/adapters/teams/appPackage');

export interface PackageOptions {
  readonly appId: string;
  readonly host: string;
  readonly version?: string;
}

export class PackageError extends Error {}

/** A PNG's width and height, from its header; undefined when it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The manifest for a deployment: the bot's id and the host in every place the template names them. */
export function manifestFor(options: PackageOptions): Record<string, unknown> {
  const template = readFileSync(join(APP, 'manifest.json'), 'utf8');
  const filled = template.replaceAll('{{MICROSOFT_APP_ID}}', options.appId).replaceAll('YOUR-HOST', options.host);
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  return options.version ? { ...manifest, version: options.version } : manifest;
}

/** Problems of a manifest against Microsoft's schema for its manifestVersion, each naming its field. */
export function manifestProblems(manifest: Record<string, unknown>): string[] {
  const version = String(manifest.manifestVersion ?? '');
  let schemaText: string;
  try {
    schemaText = readFileSync(join(APP, 'schema', `MicrosoftTeams.v${version}.schema.json`), 'utf8');
  } catch {
    return [`manifestVersion: "${version}" has no schema in src/adapters/teams/appPackage/schema/`];
  }
  // the schema is draft-04 by its header and uses no keyword draft-07 reads differently
  const { $schema: _s, ...schema } = JSON.parse(schemaText) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', (v: string) => { try { return Boolean(new URL(v)); } catch { return false; } });
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath.slice(1).replaceAll('/', '.') || '(manifest)'}: ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
}

/** The icons' problems: Teams wants a 192x192 colour icon and a 32x32 outline, both PNG. */
export function iconProblems(manifest: Record<string, unknown>): string[] {
  const icons = (manifest.icons ?? {}) as { color?: string; outline?: string };
  const problems: string[] = [];
  for (const [field, size] of [['color', 192], ['outline', 32]] as const) {
    const file = icons[field];
    if (!file) { problems.push(`icons.${field}: missing`); continue; }
    let png: Buffer;
    try { png = readFileSync(join(APP, file)); } catch { problems.push(`icons.${field}: ${file} is not in the package folder`); continue; }
    const got = pngSize(png);
    if (!got) problems.push(`icons.${field}: ${file} is not a PNG`);
    else if (got.width !== size || got.height !== size) problems.push(`icons.${field}: ${file} is ${got.width}x${got.height}, Teams wants ${size}x${size}`);
  }
  return problems;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i;

/** The package, checked: the manifest and the icons, or a PackageError naming every problem. */
export function buildPackage(options: PackageOptions): { manifest: Record<string, unknown>; zip: Buffer } {
  const bad: string[] = [];
  if (!GUID.test(options.appId)) bad.push(`--app-id "${options.appId.slice(0, 60)}": the bot's Microsoft app id, a GUID`);
  if (!HOST.test(options.host)) bad.push(`--host "${options.host.slice(0, 60)}": the host name the bot is reached at, e.g. attendance.example.org (no https://, no path)`);
  if (bad.length > 0) throw new PackageError(bad.join('\n'));
  const manifest = manifestFor(options);
  const problems = [...manifestProblems(manifest), ...iconProblems(manifest)];
  if (problems.length > 0) throw new PackageError(`the manifest is not valid for Teams:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const icons = manifest.icons as { color: string; outline: string };
  return {
    manifest,
    zip: zip([
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: icons.color, data: readFileSync(join(APP, icons.color)) },
      { name: icons.outline, data: readFileSync(join(APP, icons.outline)) },
    ]),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { 'app-id': { type: 'string' }, host: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } }, strict: true });
    if (!values['app-id'] || !values.host) throw new PackageError('usage: npm run teams:package -- --app-id <GUID> --host <host> [--version 1.0.1] [--out teams-app.zip]');
    const built = buildPackage({ appId: values['app-id'], host: values.host, ...(values.version ? { version: values.version } : {}) });
    const out = resolve(values.out ?? 'teams-app.zip');
    writeFileSync(out, built.zip);
    process.stdout.write(`teams:package: ${out} (manifest ${String(built.manifest.manifestVersion)}, version ${String(built.manifest.version)}, bot ${values['app-id']}, host ${values.host}): checked against Microsoft's ${String(built.manifest.manifestVersion)} schema; upload it in Teams (Apps, Manage your apps, Upload an app)\n`);
  } catch (err) {
    process.stderr.write(`teams:package: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
