// This installation's evidence signing key (issue 35): an Ed25519 key made once, its private half
// in the data folder with mode 0600. It signs evidence manifests and nothing else; it is never
// served, logged or exported. Its public half is shown as a fingerprint (SHA-256 of the DER
// public key, as `openssl pkey -pubin -outform DER | sha256sum` prints it) and exported as PEM.
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const KEY_FILE = 'evidence-signing-key.pem';

export interface EvidenceKey {
  /** Signs bytes: a raw 64-byte Ed25519 signature. The private key never leaves this object. */
  sign(data: Uint8Array): Buffer;
  publicKey: KeyObject;
  publicPem: string;
  fingerprint: string;
}

/** "SHA256:ab12…" of a public key: SHA-256 of its DER (SubjectPublicKeyInfo). */
export function keyFingerprint(pub: KeyObject): string {
  return `SHA256:${crypto.createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** A public key from PEM text, or an error saying it is not one (Ed25519 only). */
export function publicKeyFromPem(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    throw new Error('the key file is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return key;
}

function fromPrivate(priv: KeyObject): EvidenceKey {
  const publicKey = crypto.createPublicKey(priv);
  return {
    sign: (data) => crypto.sign(null, data, priv),
    publicKey,
    publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    fingerprint: keyFingerprint(publicKey),
  };
}

/** The installation's key, made on first use (exclusively, so two processes agree on one). */
export async function evidenceKey(dataDir: string): Promise<EvidenceKey> {
  const file = path.join(dataDir, KEY_FILE);
  try {
    return fromPrivate(crypto.createPrivateKey(await fs.readFile(file)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`the evidence signing key in the data folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'not a key'})`, { cause: err });
  }
  await fs.mkdir(dataDir, { recursive: true });
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const pem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  try {
    // 'wx': another process that made one first wins, and we read its key.
    const h = await fs.open(file, 'wx', 0o600);
    try {
      await h.writeFile(pem);
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.chmod(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return fromPrivate(crypto.createPrivateKey(await fs.readFile(file)));
  }
  return fromPrivate(privateKey);
}

/** The installation's public key without making one: null when it has none yet. */
export async function existingPublicKey(dataDir: string): Promise<KeyObject | null> {
  try {
    return crypto.createPublicKey(crypto.createPrivateKey(await fs.readFile(path.join(dataDir, KEY_FILE))));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
