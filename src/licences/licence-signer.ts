import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDataDir } from '../config/app-config';

/** Where loadOrCreate keeps a generated key, inside the data directory. */
export const LICENCE_KEY_FILE = 'licence-signing-key.pem';

export interface LicencePublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

/**
 * Signs licences with Ed25519 (node:crypto, no other library). The signature covers the canonical licence
 * payload (domain/licence-data.ts); anyone holding the public key can check it offline.
 */
export class LicenceSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** First 16 characters of the base64url SHA-256 of the raw 32-byte public key. */
  readonly keyId: string;

  /** @param privateKeyPem an Ed25519 private key, PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
  constructor(privateKeyPem: string) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: privateKeyPem, format: 'pem' });
    } catch {
      throw new Error('The licence signing key is not a PEM private key (expected PKCS#8, "-----BEGIN PRIVATE KEY-----")');
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new Error(`The licence signing key must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'unknown'})`);
    }
    this.privateKey = key;
    this.publicKey = createPublicKey(key);
    this.keyId = keyIdOf(this.publicKey);
  }

  /** A new Ed25519 private key as PKCS#8 PEM. */
  static generatePrivateKeyPem(): string {
    return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  /**
   * The configured key when there is one; otherwise the key kept in `dataDir/licence-signing-key.pem`,
   * generated (mode 0600) on first use. Instances sharing the data directory share the key: when two start at
   * once, the key file appears whole and once (written aside, then hard-linked into place, which fails if the
   * name exists), and the loser reads the winner's key.
   */
  static loadOrCreate(dataDir: string, configuredKeyPem?: string): LicenceSigner {
    if (configuredKeyPem !== undefined && configuredKeyPem.trim() !== '') return new LicenceSigner(configuredKeyPem);
    ensureDataDir(dataDir);
    const file = join(dataDir, LICENCE_KEY_FILE);
    if (!existsSync(file)) publishOnce(file, LicenceSigner.generatePrivateKeyPem());
    try {
      return new LicenceSigner(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }

  /** The base64url (unpadded) Ed25519 signature of the payload: 86 characters. */
  sign(payload: Buffer): string {
    return sign(null, payload, this.privateKey).toString('base64url');
  }

  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"), to publish and to verify with. */
  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** The public key as a JWK (RFC 8037), for a /.well-known style key listing. */
  publicKeyJwk(): LicencePublicJwk {
    const jwk = this.publicKey.export({ format: 'jwk' });
    if (typeof jwk.x !== 'string') throw new Error('Ed25519 public key without x');
    return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: this.keyId };
  }

  /** The key id of a public key given as PEM; undefined when it is not an Ed25519 public key. */
  static keyIdOfPublicKeyPem(publicKeyPem: string): string | undefined {
    const key = publicKeyOrUndefined(publicKeyPem);
    return key === undefined ? undefined : keyIdOf(key);
  }

  /** True only for a well-formed Ed25519 signature, by this public key, of exactly these bytes. */
  static verify(publicKeyPem: string, payload: Buffer, signatureB64url: string): boolean {
    if (!/^[A-Za-z0-9_-]{86}$/.test(signatureB64url)) return false;
    const key = publicKeyOrUndefined(publicKeyPem);
    if (key === undefined) return false;
    const signature = Buffer.from(signatureB64url, 'base64url');
    // The last character carries 4 unused bits: accept only the one spelling of the 64 bytes.
    if (signature.toString('base64url') !== signatureB64url) return false;
    try {
      return verify(null, payload, key, signature);
    } catch {
      return false;
    }
  }
}

function publicKeyOrUndefined(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

function keyIdOf(publicKey: KeyObject): string {
  const x = publicKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('Ed25519 public key without x');
  return createHash('sha256').update(Buffer.from(x, 'base64url')).digest('base64url').slice(0, 16);
}

/**
 * Puts `content` at `file` unless something is already there, so that no reader ever sees a half-written
 * file: write a private temporary file, then link it to the final name (atomic; EEXIST if another process
 * got there first). Where hard links are not supported, falls back to an exclusive create.
 */
function publishOnce(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(temporary, 0o600);
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    try {
      writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code !== 'EEXIST') throw fallbackError;
    }
  } finally {
    unlinkSync(temporary);
  }
}
