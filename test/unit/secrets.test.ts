import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyring, SecretsError } from '../../src/shared/secrets.ts';

const key = () => randomBytes(32).toString('base64');

describe('secrets sealed at rest', () => {
  it('seals with AES-256-GCM under the current key, naming the key; the plain text is nowhere in the sealed value', () => {
    const k = keyring(key());
    const sealed = k.seal('xoxb-123-secret-token');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('xoxb');
    expect(k.keyIdOf(sealed)).toBe(k.currentId);
    expect(k.open(sealed)).toBe('xoxb-123-secret-token');
    expect(k.seal('same')).not.toBe(k.seal('same')); // a fresh IV each time
  });

  it('rotation: a value sealed under the old key opens while the old key is kept as previous, and is sealed again under the new', () => {
    const [old, next] = [key(), key()];
    const before = keyring(old).seal('xoxb-old');
    const rotated = keyring(next, [old]);
    expect(rotated.open(before)).toBe('xoxb-old');
    const again = rotated.seal(rotated.open(before));
    expect(rotated.keyIdOf(again)).toBe(rotated.currentId);
    expect(keyring(next).open(again)).toBe('xoxb-old');
    expect(() => keyring(next).open(before)).toThrow(/sealed with key [0-9a-f]{8}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/);
  });

  it('refuses a key that is not 32 bytes, and an altered value, saying why without the secret', () => {
    expect(() => keyring(Buffer.from('short').toString('base64'))).toThrow(/SECRETS_KEY must be 32 bytes, base64.*it is 5 bytes/);
    const k = keyring(key());
    const sealed = k.seal('xoxb-secret');
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => k.open(altered)).toThrow(SecretsError);
    try { k.open(altered); } catch (e) { expect(String(e)).not.toContain('xoxb'); }
    expect(() => k.open('plain-token')).toThrow(/not in the sealed form/);
  });
});
