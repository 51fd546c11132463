import { PASSWORD, signedIn } from '../support/accounts';
import { applicationIdFrom, completeApplication, PDF, upload } from '../support/applications';
import { BrowserClient, csrfFrom, decode, errorSummary, followPages, postForm } from '../support/browser-client';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';
import { containsUnsafeCharacters, removeUnsafeCharacters } from '../../src/common/text/unsafe-characters';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
});

afterAll(async () => {
  await test.close();
});

async function newApplication(client: BrowserClient): Promise<string> {
  await client.get('/applications');
  const started = await client.post('/applications', { _csrf: client.lastCsrf });
  expect(started.status).toBe(303);
  return applicationIdFrom(started.location);
}

/** What a browser shows in the textarea: its content with the character references resolved. */
function textareaValue(html: string, id: string): string {
  const content = new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];
  if (content === undefined) throw new Error(`No textarea ${id}`);
  return decode(content);
}

let names = 0;
const uniqueTradeName = (): string => {
  names += 1;
  const digits = '零一二三四五六七八九';
  return `海韵${String(Date.now() % 1e6)
    .split('')
    .map((d) => digits[Number(d)])
    .join('')}${'甲乙丙丁戊己庚辛壬癸'[names % 10]}`;
};

describe('the entrepreneur’s application', () => {
  it('goes from an empty draft to a submitted application through every page', async () => {
    const { client, id: applicantId } = await signedIn(test, 'applicant');
    const id = await newApplication(client);

    const taskList = await client.get(`/applications/${id}`);
    expect(taskList.status).toBe(200);
    expect(taskList.html).toContain('You have completed 0 of');
    expect(taskList.html).toContain('Cannot start yet');

    await completeApplication(client, id, uniqueTradeName());
    const done = await client.get(`/applications/${id}`);
    expect(done.html).toMatch(/You have completed (\d+) of \1 sections/);

    const check = await client.get(`/applications/${id}/check-answers`);
    expect(check.status).toBe(200);
    expect(errorSummary(check.html)).toEqual([]);
    expect(check.html).toContain('¥1,000,000');
    expect(check.html).toContain('F5176');

    const noDeclaration = await client.post(`/applications/${id}/submit`, { _csrf: client.lastCsrf });
    expect(noDeclaration.status).toBe(400);
    expect(errorSummary(noDeclaration.html)).toEqual(['Confirm the declaration to submit the application']);

    const submitted = await client.post(`/applications/${id}/submit`, { _csrf: client.lastCsrf, declaration: 'yes' });
    expect(submitted.status).toBe(303);
    const confirmation = await client.get(submitted.location!);
    expect(confirmation.html).toContain('Application submitted');
    expect(confirmation.html).toMatch(/BA\d{4}-\d{6}/);

    const status = await client.get(`/applications/${id}`);
    expect(status.html).toContain('Submitted');
    const dashboard = await client.get('/applications');
    expect(dashboard.html).toContain('Waiting for a reviewer');

    const edit = await client.submit(`/applications`, `/applications/${id}/capital`, { amount: '5' });
    expect(edit.status).toBe(409);

    const trail = await withClient(test.databaseUrl, async (db) => {
      const { rows } = await db.query<{ action: string }>(
        `SELECT action FROM audit_event WHERE subject_type = 'application' AND subject_id = $1 ORDER BY seq`,
        [id],
      );
      return rows.map((r) => r.action);
    });
    expect(trail[0]).toBe('application.created');
    expect(trail.filter((a) => a === 'application.updated')).toHaveLength(12);
    expect(trail.filter((a) => a === 'application.document_uploaded')).toHaveLength(3);
    expect(trail[trail.length - 1]).toBe('application.submitted');
    const history = await withClient(
      test.databaseUrl,
      async (db) =>
        (await db.query<{ to_status: string }>('SELECT to_status FROM application_history WHERE application_id = $1 ORDER BY id', [id]))
          .rows,
    );
    expect(history.map((h) => h.to_status)).toEqual(['draft', 'submitted']);
    expect(applicantId).toBeDefined();
  });

  it('explains each wrong answer in the words of the standard, keeping what was typed', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'limited_liability_company' });

    const name = await client.submit(`/applications/${id}/name`, `/applications/${id}/name`, {
      division: '大连',
      tradeName: 'ABC',
      industryPhrase: '贸易',
      organisationalForm: '有限公司',
    });
    expect(name.status).toBe(400);
    expect(errorSummary(name.html).join(' ')).toMatch(/Latin letters|Chinese characters/);
    // Every problem the summary lists for the trade name is also said at the field.
    const atField = decode(/<p id="tradeName-error" class="app-error-message">([\s\S]*?)<\/p>/.exec(name.html)![1]);
    const listed = [...name.html.matchAll(/<li><a href="#tradeName">([^<]+)<\/a><\/li>/g)].map((m) => decode(m[1]));
    expect(listed.length).toBeGreaterThan(1);
    for (const message of listed) expect(atField).toContain(message);

    const person = await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
      name: '王伟',
      documentType: 'resident_id',
      documentNumber: '110105194912310021',
      phone: '12345',
    });
    expect(person.status).toBe(400);
    expect(errorSummary(person.html)).toEqual([
      "The identity number's check character should be X. Check the number for a mistyped digit",
      'Enter a phone number like 13812345678 or 0411-88888888',
    ]);
    expect(person.html).toContain('value="110105194912310021"');

    const bad = await client.submit(`/applications/${id}/shareholders`, `/applications/${id}/shareholders`, {
      kind: 'corporate',
      name: '某公司',
      creditCode: '91350100M000100Y44',
      contribution: '1.234',
    });
    expect(errorSummary(bad.html)).toEqual([
      "The credit code's last character should be 3. Check the code for a mistyped character",
      'Enter the amount with at most 2 decimal places (fen)',
    ]);

    const date = await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
      name: '王伟',
      documentType: 'resident_id',
      documentNumber: '110105194902300025',
      phone: '13812345678',
    });
    expect(errorSummary(date.html)[0]).toContain('not a real date');

    const wrongType = await upload(client, id, 'articles', Buffer.from('just text, not a PDF'), 'articles.pdf', 'application/pdf');
    expect(wrongType.status).toBe(400);
    expect(errorSummary(wrongType.html)).toEqual(['The file must be a PDF, PNG or JPEG']);
  });

  it.each([
    ['entity-type', {}, ['Select the type of business']],
    [
      'name',
      { division: '', tradeName: '', industryPhrase: '', organisationalForm: '' },
      [
        'Select the place the name begins with',
        'Enter the trade name',
        'Enter what the business does, for example 贸易',
        'Select the legal form',
      ],
    ],
    ['domicile', { district: '999999', address: 'x'.repeat(201) }, ['Select the district', 'Address must be 200 characters or fewer']],
    [
      'industry',
      { classCode: 'F9999', scope: '' },
      ['There is no industry class F9999. Search for the class by name', 'Enter the business scope'],
    ],
    [
      'domicile',
      { district: '210242', address: '保税区海天路8号\u0007\u202e3号楼' },
      ['This answer had control characters, which cannot be stored; they have been removed. Check the answer and continue'],
    ],
    ['capital', { amount: '0' }, ['Enter an amount greater than 0']],
    [
      'legal-representative',
      { name: '', documentType: 'visa', documentNumber: '', phone: '' },
      ["Enter the person's full name", 'Select the identity document', 'Enter the document number', 'Enter a phone number'],
    ],
    [
      'shareholders',
      { kind: 'natural', name: '', documentType: 'resident_id', documentNumber: '11010519491231', contribution: '' },
      ["Enter the shareholder's name", 'An identity number has 18 characters; this one has 14', 'Enter an amount in yuan'],
    ],
    [
      'officers',
      { role: 'treasurer', name: 'x'.repeat(51), documentType: 'passport', documentNumber: '' },
      ["Select the person's position", 'Name must be 50 characters or fewer', 'Enter the document number'],
    ],
    [
      'operations',
      { employees: 'many', revenue: '-1', assets: '1.999' },
      [
        'Enter the number of employees as a whole number, for example 8',
        'The amount cannot be negative',
        'Enter the amount with at most 2 decimal places (fen)',
      ],
    ],
    [
      'contacts',
      {
        financialOfficerName: '',
        financialOfficerPhone: '123',
        taxContactName: '',
        taxContactPhone: '',
        socialInsuranceContactName: 'A',
        socialInsuranceContactPhone: '13812345678',
        statisticsContactName: '',
        statisticsContactPhone: '13812345678',
      },
      [
        "Enter the financial officer's name",
        "Enter the financial officer's phone number like 13812345678 or 0411-88888888",
        "Enter the tax contact's name",
        "Enter the tax contact's phone number",
        "Enter the statistics contact's name",
      ],
    ],
  ] as [string, Record<string, string>, string[]][])(
    'gives each field of %s its own message and keeps the answers',
    async (section, fields, messages) => {
      const { client } = await signedIn(test, 'applicant');
      const id = await newApplication(client);
      if (section !== 'entity-type')
        await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, {
          entityType: 'limited_liability_company',
        });
      const before = await withClient(
        test.databaseUrl,
        async (db) => (await db.query<{ answers: unknown }>('SELECT answers FROM application WHERE id = $1', [id])).rows[0].answers,
      );
      const page = await client.submit(`/applications/${id}/${section}`, `/applications/${id}/${section}`, fields);
      expect(page.status).toBe(400);
      expect(page.html).toMatch(/<title>Error: /);
      expect(errorSummary(page.html)).toEqual(messages);
      // Typed answers come back in their fields (a choice that is not among the options cannot be shown).
      const choices = ['district', 'documentType', 'role', 'kind', 'entityType', 'division', 'organisationalForm'];
      const typed = Object.entries(fields).filter(([key, v]) => !choices.includes(key) && v.length > 3 && !v.startsWith('x'));
      // Control characters are shown back removed (the message says so), never echoed into the page.
      for (const [, value] of typed) expect(page.html).toContain(removeUnsafeCharacters(value));
      expect(containsUnsafeCharacters(page.html.replace(/[\t\n\r]/g, ''))).toBe(false);
      const after = await withClient(
        test.databaseUrl,
        async (db) => (await db.query<{ answers: unknown }>('SELECT answers FROM application WHERE id = $1', [id])).rows[0].answers,
      );
      expect(after).toEqual(before);
    },
  );

  it('refuses the same trade name to a second application, regardless of form and punctuation', async () => {
    const tradeName = uniqueTradeName();
    const first = await signedIn(test, 'applicant');
    const firstId = await newApplication(first.client);
    await completeApplication(first.client, firstId, tradeName);
    await first.client.get(`/applications/${firstId}/check-answers`);
    expect((await first.client.post(`/applications/${firstId}/submit`, { _csrf: first.client.lastCsrf, declaration: 'yes' })).status).toBe(
      303,
    );

    const second = await signedIn(test, 'applicant');
    const secondId = await newApplication(second.client);
    await second.client.submit(`/applications/${secondId}/entity-type`, `/applications/${secondId}/entity-type`, {
      entityType: 'joint_stock_company',
    });
    const taken = await second.client.submit(`/applications/${secondId}/name`, `/applications/${secondId}/name`, {
      division: '大连市',
      tradeName: ` ${tradeName.slice(0, 2)}·${tradeName.slice(2)} `,
      industryPhrase: '科技',
      organisationalForm: '股份有限公司',
    });
    expect(taken.status).toBe(400);
    expect(errorSummary(taken.html).join(' ')).toContain('This trade name is already used by');
  });

  it('keeps references unique past the millionth application', async () => {
    const { client } = await signedIn(test, 'applicant');
    await withClient(test.databaseUrl, (db) => db.query(`SELECT setval('application_reference_seq', 999998)`));
    const ids = [await newApplication(client), await newApplication(client), await newApplication(client)];
    const references = await withClient(test.databaseUrl, async (db) =>
      (
        await db.query<{ reference: string }>('SELECT reference FROM application WHERE id = ANY($1) ORDER BY created_at, reference', [ids])
      ).rows.map((r) => r.reference.split('-')[1]),
    );
    expect(references).toEqual(['999999', '1000000', '1000001']);
  });

  it('shows names in use that look alike before moving on, and only those', async () => {
    const tradeName = uniqueTradeName();
    const first = await signedIn(test, 'applicant');
    const firstId = await newApplication(first.client);
    await completeApplication(first.client, firstId, tradeName);
    await first.client.get(`/applications/${firstId}/check-answers`);
    await first.client.post(`/applications/${firstId}/submit`, { _csrf: first.client.lastCsrf, declaration: 'yes' });
    const firstName = await withClient(
      test.databaseUrl,
      async (db) =>
        (await db.query<{ name: string }>('SELECT proposed_name AS name FROM application WHERE id = $1', [firstId])).rows[0].name,
    );

    const second = await signedIn(test, 'applicant');
    const secondId = await newApplication(second.client);
    await second.client.submit(`/applications/${secondId}/entity-type`, `/applications/${secondId}/entity-type`, {
      entityType: 'limited_liability_company',
    });
    const propose = (name: string) =>
      second.client.submit(`/applications/${secondId}/name`, `/applications/${secondId}/name`, {
        division: '大连',
        tradeName: name,
        industryPhrase: '贸易',
        organisationalForm: '有限公司',
      });
    // One more character: most two-character pieces are shared, so it is shown once before moving on.
    const alike = await propose(`${tradeName}星`);
    expect(alike.status).toBe(303);
    expect(alike.location).toBe(`/applications/${secondId}/name`);
    expect((await second.client.get(`/applications/${secondId}/name`)).html).toContain(firstName);
    // Nothing in common: straight on.
    const unlike = await propose('云帆远航');
    expect(unlike.status).toBe(303);
    expect(unlike.location).not.toBe(`/applications/${secondId}/name`);
  });

  it('lets exactly one of two racing submissions with the same trade name through', async () => {
    const tradeName = uniqueTradeName();
    const racers = await Promise.all([signedIn(test, 'applicant'), signedIn(test, 'applicant')]);
    const ids = await Promise.all(racers.map(({ client }) => newApplication(client)));
    await Promise.all(racers.map(({ client }, i) => completeApplication(client, ids[i], tradeName)));
    await Promise.all(racers.map(({ client }, i) => client.get(`/applications/${ids[i]}/check-answers`)));
    const results = await Promise.all(
      racers.map(({ client }, i) => client.post(`/applications/${ids[i]}/submit`, { _csrf: client.lastCsrf, declaration: 'yes' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const statuses = await withClient(
      test.databaseUrl,
      async (db) => (await db.query<{ status: string }>('SELECT status FROM application WHERE id = ANY($1) ORDER BY status', [ids])).rows,
    );
    expect(statuses.map((s) => s.status)).toEqual(['draft', 'submitted']);
  });

  it('submits once when the same application is submitted 20 times at the same moment', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await completeApplication(client, id, uniqueTradeName());
    await client.get(`/applications/${id}/check-answers`);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.post(`/applications/${id}/submit`, { _csrf: client.lastCsrf, declaration: 'yes' })),
    );
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.every((r) => r.status === 303 || r.status === 409)).toBe(true);
    // The losers (or Back and submit again) are led to the application as it now is.
    for (const refused of results.filter((r) => r.status === 409)) expect(refused.html).toContain(`href="/applications/${id}"`);
    const events = await withClient(
      test.databaseUrl,
      async (db) => (await db.query(`SELECT 1 FROM audit_event WHERE action = 'application.submitted' AND subject_id = $1`, [id])).rowCount,
    );
    expect(events).toBe(1);
  });

  it('refuses a renamed executable, whatever its name and declared type', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const page = await upload(client, id, 'identity', exe, 'passport.pdf', 'application/pdf');
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual(['The file must be a PDF, PNG or JPEG']);
    const png = await upload(client, id, 'identity', exe, 'photo.png', 'image/png');
    expect(png.status).toBe(400);
    const stored = await withClient(
      test.databaseUrl,
      async (db) => (await db.query('SELECT 1 FROM application_document WHERE application_id = $1', [id])).rowCount,
    );
    expect(stored).toBe(0);
  });

  it('names the character at fault and the length it counted', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'limited_liability_company' });
    const code = await client.submit(`/applications/${id}/shareholders`, `/applications/${id}/shareholders`, {
      kind: 'corporate',
      name: '某公司',
      creditCode: '9135010OM000100Y43',
      contribution: '100',
    });
    expect(errorSummary(code.html)).toEqual(["Character 8 of the credit code, 'O', is not allowed (I, O, S, V and Z are never used)"]);
    const person = await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
      name: '王伟',
      documentType: 'resident_id',
      documentNumber: '1101051949123100',
      phone: '13812345678',
    });
    expect(errorSummary(person.html)).toEqual(['An identity number has 18 characters; this one has 16']);
    // Other documents: as printed, letters and digits; a number abroad in international form.
    const passport = await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
      name: 'John Smith',
      documentType: 'passport',
      documentNumber: 'x',
      phone: '+44 20 7946 0958',
    });
    expect(errorSummary(passport.html)).toEqual(['Enter the document number as printed: 5 to 20 letters and digits']);
    const abroad = await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
      name: 'John Smith',
      documentType: 'passport',
      documentNumber: '5 3 3 3 8 0 0 6',
      phone: '+44 20 7946 0958',
    });
    expect(abroad.status).toBe(303);
    const section = await client.submit(`/applications/${id}/industry`, `/applications/${id}/industry`, {
      classCode: 'Z9999',
      scope: '软件开发',
    });
    expect(errorSummary(section.html)).toEqual(['There is no industry class Z9999. Search for the class by name']);
    // A child can hold shares, but cannot represent the company or sit on its board.
    const child = '210202201503151235';
    const chinaToday = new Date(Date.now() + 8 * 3_600_000).toISOString();
    const age = Number(chinaToday.slice(0, 4)) - 2015 - (chinaToday.slice(5, 10) < '03-15' ? 1 : 0);
    const minor = await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
      name: '王小明',
      documentType: 'resident_id',
      documentNumber: child,
      phone: '13812345678',
    });
    expect(errorSummary(minor.html)).toEqual([
      `A legal representative or officer must be 18 or older: by this identity number they are ${age}`,
    ]);
    const officer = await client.submit(`/applications/${id}/officers`, `/applications/${id}/officers`, {
      role: 'supervisor',
      name: '王小明',
      documentType: 'resident_id',
      documentNumber: child,
    });
    expect(officer.status).toBe(400);
    const holder = await client.submit(`/applications/${id}/shareholders`, `/applications/${id}/shareholders`, {
      kind: 'natural',
      name: '王小明',
      documentType: 'resident_id',
      documentNumber: child,
      contribution: '100',
    });
    expect(holder.status).toBe(303);
  });

  it('stores identity numbers and credit codes in one spelling, however they were typed or pasted', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'limited_liability_company' });
    const typed = [
      // Spaces and a lower-case x; full-width from a Chinese input method; dashes and invisible characters from a word processor.
      await client.submit(`/applications/${id}/legal-representative`, `/applications/${id}/legal-representative`, {
        name: '王伟',
        documentType: 'resident_id',
        documentNumber: '110105 19491231 002x',
        phone: '13812345678',
      }),
      await client.submit(`/applications/${id}/shareholders`, `/applications/${id}/shareholders`, {
        kind: 'corporate',
        name: '某公司',
        creditCode: '９１３５０１００Ｍ０００１００Ｙ４３',
        contribution: '100',
      }),
      await client.submit(`/applications/${id}/shareholders`, `/applications/${id}/shareholders`, {
        kind: 'natural',
        name: '李娜',
        documentType: 'resident_id',
        documentNumber: '110105\u2013194912310\u200b02x',
        contribution: '100',
      }),
      await client.submit(`/applications/${id}/officers`, `/applications/${id}/officers`, {
        role: 'manager',
        name: '张敏',
        documentType: 'resident_id',
        documentNumber: '110105\u00ad19491231002X',
      }),
    ];
    expect(typed.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    const answers = await withClient(
      test.databaseUrl,
      async (db) =>
        (await db.query<{ answers: Record<string, unknown> }>('SELECT answers FROM application WHERE id = $1', [id])).rows[0].answers,
    );
    expect(answers).toMatchObject({
      legalRepresentative: { documentNumber: '11010519491231002X' },
      shareholders: [{ creditCode: '91350100M000100Y43' }, { documentNumber: '11010519491231002X' }],
      officers: [{ documentNumber: '11010519491231002X' }],
    });
  });

  it('shows a several-line answer again exactly as saved, so saving it again changes nothing', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    const scope = '软件开发；信息技术咨询服务。\n  （依法须经批准的项目，经相关部门批准后方可开展经营活动）\n第三行';
    let shown = scope;
    for (let round = 0; round < 2; round += 1) {
      // A browser sends a textarea's line breaks as CRLF.
      const saved = await client.submit(`/applications/${id}/industry`, `/applications/${id}/industry`, {
        classCode: 'I6513',
        scope: shown.replace(/\n/g, '\r\n'),
      });
      expect(saved.status).toBe(303);
      shown = textareaValue((await client.get(`/applications/${id}/industry`)).html, 'scope');
      expect(shown).toBe(scope);
    }
  });

  it('keeps the business scope typed before a search for the industry class, and saves with the class chosen', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'limited_liability_company' });
    const page = postForm((await client.get(`/applications/${id}/industry`)).html, 'scope');
    const scope = '软件开发；信息技术咨询服务';
    const searched = await client.post(page.action, { ...page.hidden, q: '软件开发', scope, classCode: '', action: 'search' });
    expect(searched.status).toBe(200);
    expect(textareaValue(searched.html, 'scope')).toBe(scope);
    expect(searched.html).toMatch(/value="I6513"/);
    const again = postForm(searched.html, 'scope');
    const saved = await client.post(again.action, { ...again.hidden, q: '软件开发', scope, classCode: 'I6513' });
    expect(saved.status).toBe(303);
    const stored = await withClient(
      test.databaseUrl,
      async (db) =>
        (await db.query<{ industry: unknown }>(`SELECT answers->'industry' AS industry FROM application WHERE id = $1`, [id])).rows[0]
          .industry,
    );
    expect(stored).toEqual({ classCode: 'I6513', scope });
  });

  it('shows answers with markup characters again exactly as saved, and only as text', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    const address = `保税区"海天"路<8>号 & 3号楼 '201'室`;
    const saved = await client.submit(`/applications/${id}/domicile`, `/applications/${id}/domicile`, { district: '210242', address });
    expect(saved.status).toBe(303);
    const page = (await client.get(`/applications/${id}/domicile`)).html;
    expect(textareaValue(page, 'address')).toBe(address);
    expect(page).not.toContain('<8>');
  });

  it('pages through an applicant’s many applications, each once, most recently changed first', async () => {
    const { client, id: applicantId } = await signedIn(test, 'applicant');
    for (let i = 0; i < 57; i += 1) await newApplication(client);
    const pages = (await followPages(client, '/applications')).map((page) => page.html);
    const seen = pages.flatMap((html) =>
      [...html.matchAll(/<a class="app-link" href="\/applications\/([0-9a-f-]{36})">/g)].map((m) => m[1]),
    );
    const mine = await withClient(test.databaseUrl, async (db) =>
      (
        await db.query<{ id: string }>('SELECT id FROM application WHERE applicant_id = $1 ORDER BY updated_at DESC, id DESC', [
          applicantId,
        ])
      ).rows.map((r) => r.id),
    );
    expect(mine).toHaveLength(57);
    expect(seen).toEqual(mine);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Older applications');
    expect(pages[0]).not.toContain('Most recent applications');
    expect(pages[1]).toContain('href="/applications" rel="prev"');
    // A link that is not a cursor shows the first page.
    const tampered = await client.get('/applications?afterAt=2026-02-30T00:00:00Z&afterId=x');
    expect(tampered.status).toBe(200);
    expect(tampered.html).toContain(`/applications/${mine[0]}`);
  });

  it('calls the sections what the entity type’s law calls them', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    const tasks = async () =>
      [...(await client.get(`/applications/${id}`)).html.matchAll(/class="app-link app-task-list__link"[^>]*>([^<]+)</g)].map((m) =>
        decode(m[1]),
      );
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'sole_proprietorship' });
    expect(await tasks()).toEqual(expect.arrayContaining(['Total contribution', 'Investor', 'Investor and contribution']));
    expect(
      (await tasks()).filter((task) => ['Registered capital', 'Legal representative', 'Shareholders and contributions'].includes(task)),
    ).toEqual([]);
    expect((await client.get(`/applications/${id}/legal-representative`)).html).toMatch(/<h1[^>]*>\s*Investor\s*</);
    expect((await client.get(`/applications/${id}/shareholders`)).html).toMatch(/<h1[^>]*>Investor and contribution</);
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'partnership' });
    expect(await tasks()).toEqual(expect.arrayContaining(['Total contribution', 'Executive partner', 'Partners and contributions']));
    expect((await client.get(`/applications/${id}/documents`)).html).toContain('Partnership agreement');
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'limited_liability_company' });
    expect(await tasks()).toEqual(expect.arrayContaining(['Registered capital', 'Legal representative', 'Shareholders and contributions']));
    expect((await client.get(`/applications/${id}/documents`)).html).toContain('Articles of association');
  });

  it('lists what stops a submission on the check page, each linked to the page that mends it', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await completeApplication(client, id, uniqueTradeName());
    await client.submit(`/applications/${id}/capital`, `/applications/${id}/capital`, { amount: '2,000,000' });
    await client.submit(`/applications/${id}/entity-type`, `/applications/${id}/entity-type`, { entityType: 'joint_stock_company' });
    const check = await client.get(`/applications/${id}/check-answers`);
    const links = [...check.html.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [decode(m[1]), decode(m[2])]);
    expect(links).toEqual(
      expect.arrayContaining([
        [`/applications/${id}/shareholders?return=check-answers`, expect.stringContaining('must add up to the registered capital')],
        [`/applications/${id}/name?return=check-answers`, expect.stringMatching(/^Business name: Change the organisational form/)],
      ]),
    );
    expect(check.html).not.toContain('href="#answers"');
  });

  it('keeps a draft across sign-out and sign-in, and sends Change links back to the check page', async () => {
    const { client, email } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await completeApplication(client, id, uniqueTradeName());
    await client.get('/applications');
    await client.post('/logout', { _csrf: client.lastCsrf });
    const again = new BrowserClient(test.baseUrl);
    expect((await again.submit('/login', '/login', { email, password: PASSWORD })).status).toBe(303);
    const list = await again.get('/applications');
    expect(list.html).toContain(`/applications/${id}`);
    const check = await again.get(`/applications/${id}/check-answers`);
    expect(check.html).toContain(`/applications/${id}/capital?return&#x3D;check-answers`);
    // Each kind of page, sent as its own form is: saving comes back to the check page.
    const send = async (path: string, field: string, typed: Record<string, string>) => {
      const form = postForm((await again.get(path)).html, field);
      return again.post(form.action, { ...form.hidden, ...typed });
    };
    const back = `/applications/${id}/check-answers`;
    expect((await send(`/applications/${id}/capital?return=check-answers`, 'amount', { amount: '1,000,000' })).location).toBe(back);
    const industry = await send(`/applications/${id}/industry?return=check-answers&q=${encodeURIComponent('软件')}`, 'scope', {
      classCode: 'I6513',
      scope: '软件开发',
    });
    expect(industry.location).toBe(back);
    // A list: adding and removing keep the way back, and its Done link takes it.
    const added = await send(`/applications/${id}/officers?return=check-answers`, 'role', {
      role: 'supervisor',
      name: '赵强',
      documentType: 'resident_id',
      documentNumber: '11010519491231002X',
    });
    expect(added.location).toBe(`/applications/${id}/officers?return=check-answers`);
    const officers = await again.get(added.location!);
    expect(officers.html).toContain(`href="/applications/${id}/check-answers"`);
    const removed = await again.post(postForm(officers.html).action, { _csrf: csrfFrom(officers.html) });
    expect(removed.location).toBe(`/applications/${id}/officers?return=check-answers`);
    const wrong = await send(`/applications/${id}/shareholders?return=check-answers`, 'kind', { kind: 'natural' });
    expect(wrong.status).toBe(400);
    expect(postForm(wrong.html, 'kind').action).toBe(`/applications/${id}/shareholders?return=check-answers`);
  });

  it('tells the applicant of every change in a notification list with an unread count', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await completeApplication(client, id, uniqueTradeName());
    await client.get(`/applications/${id}/check-answers`);
    await client.post(`/applications/${id}/submit`, { _csrf: client.lastCsrf, declaration: 'yes' });
    const page = await client.get('/applications');
    expect(page.html).toContain('Notifications (1 new)');
    const list = await client.get('/notifications');
    expect(list.html).toMatch(/You submitted application BA\d{4}-\d{6}/);
    expect((await client.get('/applications')).html).not.toContain('new)');
  });

  it('shows the 100 most recent notifications, and says when older ones are left out', async () => {
    const { client, id: applicantId } = await signedIn(test, 'applicant');
    const count = async () => [...(await client.get('/notifications')).html.matchAll(/class="app-notifications__item"/g)].length;
    const add = (n: number) =>
      withClient(test.databaseUrl, (db) =>
        db.query(`INSERT INTO notification (account_id, kind) SELECT $1, 'submit' FROM generate_series(1, $2)`, [applicantId, n]),
      );
    await add(100);
    expect(await count()).toBe(100);
    expect((await client.get('/notifications')).html).not.toContain('most recent notifications');
    await add(1);
    expect(await count()).toBe(100);
    expect((await client.get('/notifications')).html).toContain('These are your 100 most recent notifications');
  });

  it('keeps applications private to their applicant', async () => {
    const owner = await signedIn(test, 'applicant');
    const id = await newApplication(owner.client);
    await upload(owner.client, id, 'articles', PDF, 'a.pdf', 'application/pdf');
    const other = await signedIn(test, 'applicant');
    expect((await other.client.get(`/applications/${id}`)).status).toBe(404);
    expect((await other.client.submit('/applications', `/applications/${id}/capital`, { amount: '1' })).status).toBe(404);
    const reviewer = await signedIn(test, 'reviewer');
    expect((await reviewer.client.get('/applications')).status).toBe(403);
  });

  it('lets the applicant withdraw a draft', async () => {
    const { client } = await signedIn(test, 'applicant');
    const id = await newApplication(client);
    await client.get(`/applications/${id}/withdraw`);
    const withdrawn = await client.post(`/applications/${id}/withdraw`, { _csrf: client.lastCsrf });
    expect(withdrawn.status).toBe(303);
    expect((await client.get('/applications')).html).toContain('Withdrawn');
    await client.get(`/applications`);
    expect((await client.post(`/applications/${id}/withdraw`, { _csrf: client.lastCsrf })).status).toBe(409);
  });
});
