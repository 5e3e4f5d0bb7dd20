/**
 * Credentials the service stores (a Slack workspace's bot and refresh tokens) are kept only
 * encrypted: AES-256-GCM under `SECRETS_KEY` (32 bytes, base64), each value with the id of the
 * key that sealed it, so keys can be rotated: the new key in `SECRETS_KEY`, the old ones in
 * `SECRETS_KEY_PREVIOUS` (comma-separated) until `cli secrets rotate` has sealed everything
 * again. A sealed value reads `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url); nothing of
 * the plain text or the key ever reaches a log or an error.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export class SecretsError extends Error {}

export interface Keyring {
  /** The id of the key new values are sealed with. */
  readonly currentId: string;
  seal(plain: string): string;
  open(sealed: string): string;
  /** The id of the key a sealed value was sealed with. */
  keyIdOf(sealed: string): string;
}

const VERSION = 'v1';
const b64u = (b: Buffer) => b.toString('base64url');

/** A key's id: the first 8 hex characters of its SHA-256 (never the key). */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

function keyFrom(text: string, name: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new SecretsError(`${name} must be 32 bytes, base64 (e.g. \`openssl rand -base64 32\`); it is ${key.length} bytes`);
  return key;
}

/** The keyring from `SECRETS_KEY` and `SECRETS_KEY_PREVIOUS`. */
export function keyring(current: string, previous: readonly string[] = []): Keyring {
  const now = keyFrom(current, 'SECRETS_KEY');
  const keys = new Map<string, Buffer>([[keyIdOf(now), now]]);
  previous.forEach((p, i) => { const k = keyFrom(p, `SECRETS_KEY_PREVIOUS[${i}]`); keys.set(keyIdOf(k), k); });
  const currentId = keyIdOf(now);
  const parts = (sealed: string) => {
    const p = sealed.split('.');
    if (p.length !== 5 || p[0] !== VERSION) throw new SecretsError('a stored secret is not in the sealed form');
    return p as [string, string, string, string, string];
  };
  return {
    currentId,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', now, iv);
      cipher.setAAD(Buffer.from(currentId));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, currentId, b64u(iv), b64u(cipher.getAuthTag()), b64u(ct)].join('.');
    },
    open(sealed) {
      const [, id, iv, tag, ct] = parts(sealed);
      const key = keys.get(id);
      if (!key) throw new SecretsError(`a stored secret was sealed with key ${id}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(id));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretsError(`a stored secret sealed with key ${id} does not open with it (altered, or a different key with the same id)`);
      }
    },
    keyIdOf: (sealed) => parts(sealed)[1],
  };
}
