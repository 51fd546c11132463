import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { LICENCE_KEY_FILE, LicenceSigner } from './licence-signer';

const payload = Buffer.from('{"code":"91210200MA0U5XKN3T","format":"registration-portal/licence/v1"}', 'utf8');

describe('LicenceSigner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'licence-signer-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs and verifies a payload', () => {
    const signer = new LicenceSigner(LicenceSigner.generatePrivateKeyPem());
    const signature = signer.sign(payload);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(LicenceSigner.verify(signer.publicKeyPem(), payload, signature)).toBe(true);
  });

  it('refuses a tampered payload, a tampered signature and another key', () => {
    const signer = new LicenceSigner(LicenceSigner.generatePrivateKeyPem());
    const other = new LicenceSigner(LicenceSigner.generatePrivateKeyPem());
    const signature = signer.sign(payload);
    const tampered = Buffer.from(payload);
    tampered[10] ^= 0x01;
    expect(LicenceSigner.verify(signer.publicKeyPem(), tampered, signature)).toBe(false);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(LicenceSigner.verify(signer.publicKeyPem(), payload, flipped)).toBe(false);
    expect(LicenceSigner.verify(other.publicKeyPem(), payload, signature)).toBe(false);
    expect(LicenceSigner.verify(signer.publicKeyPem(), payload, signature + '=')).toBe(false);
    // Another spelling of the same 64 bytes (an unused bit of the last character set) is refused too.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const otherSpelling = signature.slice(0, -1) + alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1];
    expect(Buffer.from(otherSpelling, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expect(LicenceSigner.verify(signer.publicKeyPem(), payload, otherSpelling)).toBe(false);
    expect(LicenceSigner.verify('not a key', payload, signature)).toBe(false);
  });

  it('publishes the public key as PEM and as a JWK with a stable key id', () => {
    const signer = new LicenceSigner(LicenceSigner.generatePrivateKeyPem());
    const jwk = signer.publicKeyJwk();
    expect(signer.publicKeyPem()).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown, kid: signer.keyId });
    expect(signer.keyId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(LicenceSigner.keyIdOfPublicKeyPem(signer.publicKeyPem())).toBe(signer.keyId);
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => new LicenceSigner(rsa)).toThrow('must be an Ed25519 key (got rsa)');
    expect(() => new LicenceSigner('garbage')).toThrow('not a PEM private key');
  });

  it('generates a key on first use, keeps it with mode 0600 and reuses it', () => {
    const dataDir = join(dir, 'data');
    const first = LicenceSigner.loadOrCreate(dataDir);
    const file = join(dataDir, LICENCE_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const second = LicenceSigner.loadOrCreate(dataDir);
    expect(second.keyId).toBe(first.keyId);
    expect(LicenceSigner.verify(first.publicKeyPem(), payload, second.sign(payload))).toBe(true);
  });

  it('prefers a configured key and then writes no file', () => {
    const pem = LicenceSigner.generatePrivateKeyPem();
    const signer = LicenceSigner.loadOrCreate(dir, pem);
    expect(signer.keyId).toBe(new LicenceSigner(pem).keyId);
    expect(() => statSync(join(dir, LICENCE_KEY_FILE))).toThrow();
  });

  it('names the file when the kept key is unreadable', () => {
    writeFileSync(join(dir, LICENCE_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(() => LicenceSigner.loadOrCreate(dir)).toThrow(
      `${join(dir, LICENCE_KEY_FILE)}: The licence signing key is not a PEM private key`,
    );
  });

  it('gives every process the same key when several create it at once', async () => {
    // Compile this module and its one local import to plain JS, then race six processes on an empty folder.
    const out = join(dir, 'js');
    for (const [source, target] of [
      ['licence-signer.ts', 'licences/licence-signer.js'],
      ['../config/app-config.ts', 'config/app-config.js'],
    ]) {
      const compiled = transpileModule(readFileSync(join(__dirname, source), 'utf8'), {
        compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true },
      });
      mkdirSync(join(out, target, '..'), { recursive: true });
      writeFileSync(join(out, target), compiled.outputText);
    }
    const dataDir = join(dir, 'shared-data');
    const script = `const { LicenceSigner } = require(${JSON.stringify(join(out, 'licences/licence-signer.js'))});
      process.stdout.write(LicenceSigner.loadOrCreate(${JSON.stringify(dataDir)}).keyId);`;
    const run = promisify(execFile);
    const results = await Promise.all(Array.from({ length: 6 }, () => run(process.execPath, ['-e', script])));
    const keyIds = new Set(results.map((r) => r.stdout));
    expect(keyIds.size).toBe(1);
    expect(LicenceSigner.loadOrCreate(dataDir).keyId).toBe([...keyIds][0]);
    expect(statSync(join(dataDir, LICENCE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([LICENCE_KEY_FILE]);
  });
});
