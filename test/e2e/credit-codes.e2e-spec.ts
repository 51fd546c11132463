import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CreditCodeIssuerService } from '../../src/credit-codes/credit-code-issuer.service';
import { MAX_SEQUENCE, validateCreditCode } from '../../src/credit-codes/domain';
import { DomainError } from '../../src/common/errors/domain-error';
import { BrowserClient, decode } from '../support/browser-client';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';

interface Example {
  code: string;
}
const examples = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'uscc-examples.json'), 'utf8')) as Record<string, unknown>;
const listed = (key: string): string[] => ((examples[key] as Example[] | undefined) ?? []).map((e) => e.code);
const validCodes = listed('valid');
const invalidCodes = Object.keys(examples)
  .filter((k) => k !== 'valid' && Array.isArray(examples[k]))
  .flatMap(listed);

let test: TestPortal;
let issuer: CreditCodeIssuerService;
let dataSource: DataSource;

beforeAll(async () => {
  test = await startTestPortal({ AUTHORITY_DIVISION_CODE: '210242' });
  issuer = test.portal.app.get(CreditCodeIssuerService);
  dataSource = test.portal.dataSource;
});

afterAll(async () => {
  await test.close();
});

describe('GET /api/v1/credit-codes/{code}', () => {
  it('gives every example its stated verdict, the same as the domain code', async () => {
    expect(validCodes.length).toBeGreaterThan(5);
    expect(invalidCodes.length).toBeGreaterThan(5);
    for (const code of [...validCodes, ...invalidCodes]) {
      const response = await fetch(`${test.baseUrl}/api/v1/credit-codes/${encodeURIComponent(code)}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { valid: boolean; registered: boolean };
      expect({ code, valid: body.valid }).toEqual({ code, valid: validCodes.includes(code) });
      expect(body.registered).toBe(false);
    }
  });

  it('states the reason, the expected check character and the parts', async () => {
    const wrong = await (await fetch(`${test.baseUrl}/api/v1/credit-codes/91350100M000100Y44`)).json();
    expect(wrong).toMatchObject({ valid: false, reason: 'wrong_check_character', expected: '3' });
    const right = await (await fetch(`${test.baseUrl}/api/v1/credit-codes/91350100M000100Y43`)).json();
    expect(right).toMatchObject({
      valid: true,
      parts: { department: '9', category: '1', division: '350100', organisationCode: 'M000100Y4' },
    });
  });

  it('reports a code issued here as registered', async () => {
    const issued = await dataSource.transaction((m) => issuer.issue(m, '1', { type: 'test', id: 'registered-check' }));
    const body = (await (await fetch(`${test.baseUrl}/api/v1/credit-codes/${issued.code}`)).json()) as { registered: boolean };
    expect(body.registered).toBe(true);
  });
});

describe('the check-a-code page', () => {
  it('explains an invalid code and shows the parts of a valid one, in both languages', async () => {
    const en = new BrowserClient(test.baseUrl);
    const bad = await en.get('/credit-codes/check?code=91350100M000100Y44');
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('The last character should be 3');
    const good = await en.get('/credit-codes/check?code=91350100M000100Y43');
    expect(good.html).toContain('This code is well formed, but it was not issued by this registration authority.');
    expect(good.html).toContain('M000100Y4');
    const zh = new BrowserClient(test.baseUrl, { 'accept-language': 'zh-CN' });
    const zhBad = decode((await zh.get('/credit-codes/check?code=91350100M000100Y44')).html);
    expect(zhBad).toContain('最后一位校验码应为 3');
    // Only in the reader's language: the check's English wording is for the CLI and the logs.
    expect(zhBad).not.toContain('The check character should be');
    expect(decode((await zh.get('/credit-codes/check?code=9135010OM000100Y43')).html)).toContain("第8位的 'O' 不允许出现在代码中");
    expect(decode((await en.get(`/credit-codes/check?code=${'9'.repeat(100)}`)).html)).toContain('this one has 100');
    const api = await fetch(`${test.baseUrl}/api/v1/licences/91350100M000100Y44`, { headers: { 'accept-language': 'zh-CN' } });
    expect(((await api.json()) as { message: string }).message).toBe('代码无效：最后一位校验码应为 3，请检查是否有字符输错。');
    const empty = await en.get('/credit-codes/check?code=');
    expect(empty.html).toMatch(/<title>Error: /);
    expect(empty.html).toContain('Enter a unified social credit code');
  });
});

describe('allocator', () => {
  const sequencesOf = async (prefix: string): Promise<number[]> =>
    withClient(test.databaseUrl, async (db) => {
      const { rows } = await db.query<{ sequence: string }>('SELECT sequence FROM issued_credit_code WHERE prefix = $1 ORDER BY sequence', [
        prefix,
      ]);
      return rows.map((r) => Number(r.sequence));
    });

  it('issues 200 codes in parallel across many connections with no duplicates and no gaps', async () => {
    const prefix = 'MB';
    const issued = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        dataSource.transaction((m) => issuer.issue(m, '1', { type: 'parallel', id: String(i) }, prefix)),
      ),
    );
    const codes = issued.map((i) => i.code);
    expect(new Set(codes).size).toBe(200);
    for (const code of codes) {
      expect(validCreditCode(code)).toBe(true);
      expect(code.slice(0, 8)).toBe('91210242');
      expect(validateCreditCode(code).warnings).toEqual([]);
    }
    expect(await sequencesOf(prefix)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('gives a rolled-back issuance its number back, so committed codes stay gapless', async () => {
    const prefix = 'MC';
    await dataSource.transaction((m) => issuer.issue(m, '2', { type: 'rollback', id: 'a' }, prefix));
    await expect(
      dataSource.transaction(async (m) => {
        await issuer.issue(m, '2', { type: 'rollback', id: 'b' }, prefix);
        throw new Error('approval failed after the code was allocated');
      }),
    ).rejects.toThrow('approval failed');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        dataSource.transaction(async (m) => {
          await issuer.issue(m, '2', { type: 'rollback', id: `c${i}` }, prefix);
          if (i % 3 === 0) throw new Error('rolled back');
        }),
      ),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(await sequencesOf(prefix)).toEqual(Array.from({ length: 1 + committed }, (_, i) => i));
  });

  it('refuses to issue past the last sequence of a prefix instead of wrapping round', async () => {
    const prefix = 'MD';
    await withClient(test.databaseUrl, (db) =>
      db.query('INSERT INTO credit_code_counter (prefix, next_sequence) VALUES ($1, $2)', [prefix, MAX_SEQUENCE]),
    );
    const last = await dataSource.transaction((m) => issuer.issue(m, '1', { type: 'exhaust', id: 'last' }, prefix));
    expect(last.code.slice(8, 16)).toBe('MDYYYYYY');
    const next = dataSource.transaction((m) => issuer.issue(m, '1', { type: 'exhaust', id: 'next' }, prefix));
    await expect(next).rejects.toBeInstanceOf(DomainError);
    await expect(next).rejects.toMatchObject({ code: 'credit_code.prefix_exhausted' });
    expect(await sequencesOf(prefix)).toEqual([MAX_SEQUENCE]);
  });

  it('refuses by constraint to record one code twice, even if the counter were wrong', async () => {
    const prefix = 'ME';
    const first = await dataSource.transaction((m) => issuer.issue(m, '1', { type: 'dup', id: '1' }, prefix));
    await withClient(test.databaseUrl, (db) => db.query('UPDATE credit_code_counter SET next_sequence = 0 WHERE prefix = $1', [prefix]));
    await expect(dataSource.transaction((m) => issuer.issue(m, '1', { type: 'dup', id: '2' }, prefix))).rejects.toThrow(/duplicate key/);
    expect(first.sequence).toBe(0);
  });
});

describe('npm run cli -- credit-code:validate', () => {
  it('writes one JSON object per line with the stated verdict, from arguments and from stdin', async () => {
    const fromArgs = await runCli(['credit-code:validate', ...validCodes.slice(0, 3), invalidCodes[0]]);
    const lines = fromArgs.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { code: string; valid: boolean });
    expect(lines.map((l) => l.valid)).toEqual([true, true, true, false]);
    // Blank lines on stdin are skipped (files end with one); an empty argument is checked, and is invalid.
    const nonEmpty = invalidCodes.filter((c) => c !== '');
    const fromStdin = await runCli(['credit-code:validate'], [...validCodes, ...nonEmpty].join('\n') + '\n\n');
    const verdicts = fromStdin.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { valid: boolean }).valid);
    expect(verdicts).toEqual([...validCodes.map(() => true), ...nonEmpty.map(() => false)]);
    expect(fromStdin.code).toBe(0);
    const empty = await runCli(['credit-code:validate', '']);
    expect(JSON.parse(empty.stdout)).toEqual({ code: '', valid: false, reason: 'empty', message: expect.any(String) as string });
  });
});

function validCreditCode(code: string): boolean {
  return validateCreditCode(code).valid;
}

/** The built CLI, as `npm run cli` runs it (dist/ is built by npm test's pretest). */
function runCli(args: string[], input?: string): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile('node', [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), ...args], { timeout: 30000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(new Error(error.message));
      else resolve({ stdout, code: typeof error?.code === 'number' ? error.code : 0 });
    });
    child.stdin?.end(input ?? '');
  });
}
