// The installation's signing key: made once, mode 0600 in the data folder, the same on every
// load and for two processes racing to make it; its signature is raw 64-byte Ed25519.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { evidenceKey, existingPublicKey, KEY_FILE, publicKeyFromPem } from './evidence-key.js';

describe('evidence key', () => {
  it('is made once, kept with mode 0600, and signs with 64 raw bytes', async () => {
    const dir = tmpDir();
    expect(await existingPublicKey(dir)).toBeNull();
    const [a, b] = await Promise.all([evidenceKey(dir), evidenceKey(dir)]);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect((await evidenceKey(dir)).fingerprint).toBe(a.fingerprint);
    expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const sig = a.sign(Buffer.from('manifest'));
    expect(sig).toHaveLength(64);
    expect(crypto.verify(null, Buffer.from('manifest'), publicKeyFromPem(a.publicPem), sig)).toBe(true);
    expect(a.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect(JSON.stringify(a)).not.toContain('PRIVATE');
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(() => publicKeyFromPem(rsa)).toThrow(/rsa, not Ed25519/);
    expect(() => publicKeyFromPem('hello')).toThrow(/not a PEM public key/);
  });
});
