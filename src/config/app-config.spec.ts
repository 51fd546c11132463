import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const dataDir = mkdtempSync(join(tmpdir(), 'app-config-spec-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const configWith = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32), ...env });

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['true', 'loopback'],
    ['YES', 'loopback'],
    // A hop count must reach Express as a number: the string "1" is the address 0.0.0.1 to it.
    ['1', 1],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/255.0.0.0, 192.168.1.7', '10.0.0.0/255.0.0.0, 192.168.1.7'],
    ['loopback, uniquelocal, fd00::/8', 'loopback, uniquelocal, fd00::/8'],
  ])('%j → %j', (value, expected) => {
    expect(configWith(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['proxy.example.cn', '10.0.0.0/33', '10.0.0.0/8/8', '1.2.3', 'fd00::/255.0.0.0', '10.0.0.1,,'])(
    'refuses %j, naming the variable',
    (value) => {
      expect(() => configWith({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => configWith({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );
});
