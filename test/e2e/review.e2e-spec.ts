import { signedIn } from '../support/accounts';
import { applicationIdFrom, completeApplication } from '../support/applications';
import { BrowserClient, decode, followPages } from '../support/browser-client';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
});

afterAll(async () => {
  await test.close();
});

let counter = 0;
function tradeName(): string {
  counter += 1;
  const digits = '零一二三四五六七八九';
  // Trade names are at most 10 characters; each test file has its own database, so a counter is unique.
  return `审核${String(counter)
    .split('')
    .map((d) => digits[Number(d)])
    .join('')}`;
}

/** A submitted application, and its applicant's client. */
async function submitted(): Promise<{ id: string; applicant: BrowserClient }> {
  const { client } = await signedIn(test, 'applicant');
  await client.get('/applications');
  const id = applicationIdFrom((await client.post('/applications', { _csrf: client.lastCsrf })).location);
  await completeApplication(client, id, tradeName());
  await client.get(`/applications/${id}/check-answers`);
  const done = await client.post(`/applications/${id}/submit`, { _csrf: client.lastCsrf, declaration: 'yes' });
  if (done.status !== 303) throw new Error(`submit answered ${done.status}`);
  return { id, applicant: client };
}

async function act(client: BrowserClient, id: string, action: string, fields: Record<string, string> = {}) {
  await client.get(`/review/${id}`);
  return client.post(`/review/${id}/${action}`, { _csrf: client.lastCsrf, ...fields });
}

const statusOf = (id: string) =>
  withClient(
    test.databaseUrl,
    async (db) => (await db.query<{ status: string }>('SELECT status FROM application WHERE id = $1', [id])).rows[0].status,
  );

describe('reviewing', () => {
  it('claims, returns with two field comments, sees the fix resubmitted, and approves', async () => {
    const { id, applicant } = await submitted();
    const { client: reviewer } = await signedIn(test, 'reviewer');

    const queue = await reviewer.get('/review');
    expect(queue.status).toBe(200);
    expect(queue.html).toContain(`/review/${id}`);
    expect(queue.html).toMatch(/working days left|Due today/);

    expect((await act(reviewer, id, 'claim')).status).toBe(303);
    expect((await reviewer.get('/review/mine')).html).toContain(`/review/${id}`);
    const page = await reviewer.get(`/review/${id}`);
    expect(page.html).toContain('Approve and issue the licence');
    // The documents once, each file a link to open it (not also a group of bare file names above).
    expect(page.html.match(/<h2 class="app-heading-m">Documents<\/h2>/g)).toHaveLength(1);
    expect(page.html.match(/>章程\.pdf</g)).toHaveLength(1);
    expect(page.html).toMatch(new RegExp(`href="/review/${id}/documents/[0-9a-f-]{36}"[^>]*>章程\\.pdf</a>`));

    const returned = await act(reviewer, id, 'return', {
      comment_capital: 'Capital must match the articles',
      comment_domicile: 'Give the room number',
    });
    expect(returned.status).toBe(303);
    expect(await statusOf(id)).toBe('returned');
    // The history names the sections in words, not by their keys.
    const history = decode((await reviewer.get(`/review/${id}`)).html);
    expect(history).toContain('Registered capital: Capital must match the articles\nDomicile: Give the room number');
    expect(history).not.toMatch(/(^|>|\n)(capital|domicile): /);
    // Returned, the application is the applicant's again: no SLA clock on it.
    expect(history).not.toMatch(/working days? left|Due today|overdue/i);

    const tasks = await applicant.get(`/applications/${id}`);
    expect(tasks.html).toContain('Capital must match the articles');
    expect(tasks.html).toContain('Needs changes');
    const capital = await applicant.get(`/applications/${id}/capital`);
    expect(capital.html).toContain('The reviewer asks: Capital must match the articles');

    await applicant.submit(`/applications/${id}/capital`, `/applications/${id}/capital`, { amount: '1,000,000' });
    await applicant.get(`/applications/${id}/check-answers`);
    const resubmitted = await applicant.post(`/applications/${id}/submit`, { _csrf: applicant.lastCsrf, declaration: 'yes' });
    expect(resubmitted.status).toBe(303);
    expect(await statusOf(id)).toBe('submitted');

    expect((await act(reviewer, id, 'claim')).status).toBe(303);
    expect((await act(reviewer, id, 'approve')).status).toBe(303);
    expect(await statusOf(id)).toBe('approved');
    // The reviewer sees the code given and reaches the licence from the application.
    const decided = await reviewer.get(`/review/${id}`);
    const licenceHref = /<a class="app-link" href="(\/licences\/[0-9A-Z]{18})">View the licence<\/a>/.exec(decided.html)?.[1];
    expect(decided.html).toContain(`Licence issued with the unified social credit code ${licenceHref?.slice(10)}.`);
    expect((await reviewer.get(licenceHref!)).status).toBe(200);
    expect((await applicant.get('/applications')).html).toContain('Approved');
    const chinese = new BrowserClient(test.baseUrl, { 'accept-language': 'zh-CN' });
    chinese.setCookie('portal.sid', applicant.cookie('portal.sid')!);
    chinese.setCookie('lang', 'zh-CN');
    expect(decode((await chinese.get(`/applications/${id}`)).html)).toContain(
      '注册资本：Capital must match the articles\n住所：Give the room number',
    );

    const trail = await withClient(test.databaseUrl, async (db) =>
      (
        await db.query<{ action: string }>(
          `SELECT action FROM audit_event WHERE subject_id = $1 AND action LIKE 'application.%' ORDER BY seq`,
          [id],
        )
      ).rows.map((r) => r.action),
    );
    expect(trail.filter((a) => !['application.updated', 'application.document_uploaded'].includes(a))).toEqual([
      'application.created',
      'application.submitted',
      'application.claimed',
      'application.returned',
      'application.resubmitted',
      'application.claimed',
      'application.approved',
    ]);
  });

  it('pages through the whole queue, each open application once, oldest first', async () => {
    // More than a page (25), submitted a few at a time; submission times have microseconds, as in use.
    for (let batch = 0; batch < 4; batch += 1) await Promise.all(Array.from({ length: 7 }, () => submitted()));
    const { client: reviewer } = await signedIn(test, 'reviewer');
    const pages = await followPages(reviewer, '/review');
    expect(pages.every((page) => page.status === 200)).toBe(true);
    const seen = pages.flatMap((page) =>
      [...page.html.matchAll(/<a class="app-link" href="\/review\/([0-9a-f-]{36})">/g)].map((m) => m[1]),
    );
    const open = await withClient(test.databaseUrl, async (db) =>
      (
        await db.query<{ id: string }>(`SELECT id FROM application WHERE status IN ('submitted', 'in_review') ORDER BY submitted_at, id`)
      ).rows.map((r) => r.id),
    );
    expect(open.length).toBeGreaterThan(25);
    expect(seen).toEqual(open);
  });

  it('rejects with a reason, and releases back to the queue', async () => {
    const { client: reviewer } = await signedIn(test, 'reviewer');
    const first = await submitted();
    await act(reviewer, first.id, 'claim');
    expect((await act(reviewer, first.id, 'reject', { reason: 'other' })).status).toBe(400);
    expect((await act(reviewer, first.id, 'reject', { reason: 'false_information', explanation: 'The lease is forged' })).status).toBe(303);
    expect(await statusOf(first.id)).toBe('rejected');
    expect((await first.applicant.get(`/applications/${first.id}`)).html).toContain('The lease is forged');

    const second = await submitted();
    await act(reviewer, second.id, 'claim');
    expect((await act(reviewer, second.id, 'release')).status).toBe(303);
    expect(await statusOf(second.id)).toBe('submitted');
  });

  it('refuses: wrong role, not claimed, wrong state, another reviewer’s claim, no comment', async () => {
    const { id, applicant } = await submitted();
    const { client: alice } = await signedIn(test, 'reviewer');
    const { client: bob } = await signedIn(test, 'reviewer');
    const { client: admin } = await signedIn(test, 'admin');

    await applicant.get('/applications');
    expect((await applicant.post(`/review/${id}/claim`, { _csrf: applicant.lastCsrf })).status).toBe(403);
    const notClaimed = await act(alice, id, 'approve');
    expect(notClaimed.status).toBe(409);
    expect(notClaimed.html).toContain('Claim the application before deciding on it.');
    expect((await act(admin, id, 'approve')).status).toBe(403);

    expect((await act(alice, id, 'claim')).status).toBe(303);
    const taken = await act(bob, id, 'approve');
    expect(taken.status).toBe(409);
    expect(taken.html).toMatch(/Test reviewer has claimed this application/);
    expect((await act(bob, id, 'release')).status).toBe(409);
    expect((await act(bob, id, 'claim')).status).toBe(409);
    expect((await act(alice, id, 'return', { comment_capital: '   ' })).status).toBe(400);
    const bell = await act(alice, id, 'return', { comment_capital: 'Ring\u0007the bell' });
    expect(bell.status).toBe(400);
    expect(bell.html).toContain('Comments and explanations cannot contain control characters');
    const override = await act(alice, id, 'reject', { reason: 'other', explanation: 'abc\u202edef' });
    expect(override.status).toBe(400);

    expect((await act(alice, id, 'approve')).status).toBe(303);
    const again = await act(alice, id, 'approve');
    expect(again.status).toBe(409);
    expect(again.html).toMatch(/already approved by Test reviewer at/);
    expect((await act(alice, id, 'reject', { reason: 'other', explanation: 'x' })).status).toBe(409);
  });

  it('refuses an over-long explanation or comment, keeping every word typed, and stores one at the limit whole', async () => {
    const summaryLinks = (html: string) =>
      [...(/<div class="app-error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '').matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [
        m[1],
        decode(m[2]),
      ]);
    const { id } = await submitted();
    const { client: reviewer } = await signedIn(test, 'reviewer');
    expect((await act(reviewer, id, 'claim')).status).toBe(303);
    const textarea = (html: string, name: string) =>
      decode(new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? '');

    const longComment = `${'改'.repeat(999)}\n第二行`;
    const comment = await act(reviewer, id, 'return', { comment_capital: longComment, comment_domicile: '门牌号写错了' });
    expect(comment.status).toBe(400);
    // As a form's error: in the summary, linked to the comment at fault, beside it, and in the title.
    expect(summaryLinks(comment.html)).toEqual([['#comment-capital', 'Each comment must be 1000 characters or fewer']]);
    expect(comment.html).toMatch(/id="comment-capital-error"/);
    expect(comment.html).toMatch(/<title>Error: /);
    expect(textarea(comment.html, 'comment_capital')).toBe(longComment);
    expect(textarea(comment.html, 'comment_domicile')).toBe('门牌号写错了');

    const longExplanation = 'x'.repeat(2001);
    const explanation = await act(reviewer, id, 'reject', { reason: 'false_information', explanation: longExplanation });
    expect(explanation.status).toBe(400);
    expect(summaryLinks(explanation.html)).toEqual([['#explanation', 'The explanation must be 2000 characters or fewer']]);
    const noReason = await act(reviewer, id, 'reject', { explanation: 'Forged lease' });
    expect(noReason.status).toBe(400);
    expect(summaryLinks(noReason.html).map(([href]) => href)).toEqual(['#reason']);
    expect(noReason.html).toMatch(/id="reason-error"/);
    expect(textarea(noReason.html, 'explanation')).toBe('Forged lease');
    expect(textarea(explanation.html, 'explanation')).toBe(longExplanation);
    expect(explanation.html).toMatch(/value="false_information" checked/);
    expect(await statusOf(id)).toBe('in_review');

    // At the limit, with the browser's CR LF line breaks counted as one character each, as its count shows.
    const atLimit = `${'y'.repeat(1000)}\r\n${'z'.repeat(999)}`;
    expect((await act(reviewer, id, 'reject', { reason: 'false_information', explanation: atLimit })).status).toBe(303);
    const stored = await withClient(
      test.databaseUrl,
      async (db) =>
        (
          await db.query<{ comment: string }>(`SELECT comment FROM application_history WHERE application_id = $1 AND action = 'reject'`, [
            id,
          ])
        ).rows[0]?.comment,
    );
    expect(stored).toBe(atLimit.replace('\r\n', '\n'));
  });

  it('lets an administrator reassign and release, but not decide', async () => {
    const { id } = await submitted();
    const alice = await signedIn(test, 'reviewer');
    const bob = await signedIn(test, 'reviewer');
    const { client: admin } = await signedIn(test, 'admin');
    await act(alice.client, id, 'claim');
    expect((await act(admin, id, 'reassign', { reviewerId: bob.id })).status).toBe(303);
    expect((await act(alice.client, id, 'approve')).status).toBe(409);
    expect((await act(admin, id, 'release')).status).toBe(303);
    expect(await statusOf(id)).toBe('submitted');
  });

  it('takes effect exactly once under 20 identical parallel approvals', async () => {
    const { id } = await submitted();
    const { client: reviewer } = await signedIn(test, 'reviewer');
    await act(reviewer, id, 'claim');
    await reviewer.get(`/review/${id}`);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => reviewer.post(`/review/${id}/approve`, { _csrf: reviewer.lastCsrf })),
    );
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const counts = await withClient(test.databaseUrl, async (db) => ({
      events: (await db.query(`SELECT 1 FROM audit_event WHERE action = 'application.approved' AND subject_id = $1`, [id])).rowCount,
      history: (await db.query(`SELECT 1 FROM application_history WHERE action = 'approve' AND application_id = $1`, [id])).rowCount,
    }));
    expect(counts).toEqual({ events: 1, history: 1 });
  });

  it('lets exactly one of approve and reject win a race', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { id } = await submitted();
      const { client: reviewer } = await signedIn(test, 'reviewer');
      await act(reviewer, id, 'claim');
      await reviewer.get(`/review/${id}`);
      const [approve, reject] = await Promise.all([
        reviewer.post(`/review/${id}/approve`, { _csrf: reviewer.lastCsrf }),
        reviewer.post(`/review/${id}/reject`, { _csrf: reviewer.lastCsrf, reason: 'other', explanation: 'race' }),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([303, 409]);
      const status = await statusOf(id);
      expect(status).toBe(approve.status === 303 ? 'approved' : 'rejected');
      const decisions = await withClient(
        test.databaseUrl,
        async (db) =>
          (
            await db.query(
              `SELECT 1 FROM audit_event WHERE action IN ('application.approved', 'application.rejected') AND subject_id = $1`,
              [id],
            )
          ).rowCount,
      );
      expect(decisions).toBe(1);
    }
  });
});
