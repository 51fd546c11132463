/**
 * The portal's three journeys in real Chromium, in English and in Chinese, as people go through them:
 * an entrepreneur applies (every section, one wrong answer on the way) and submits; a reviewer returns
 * the application with two comments, the entrepreneur fixes it and resubmits, the reviewer approves; the
 * entrepreneur opens the licence, downloads the signed PDF, and anyone can verify it. Controls are found
 * by the words of the message catalogues; each key page is screenshotted at 1280 and 375 px and checked
 * with axe (WCAG 2.1 A/AA) at both widths.
 */
import QRCode from 'qrcode';
import type { BrowserContext } from 'playwright-core';
import type { Locale } from '../../src/config/app-config';
import { validateCreditCode } from '../../src/credit-codes/domain';
import { createAccount, PASSWORD, uniqueEmail } from '../support/accounts';
import { JPEG, PDF, PNG } from '../support/applications';
import { TestBrowser } from '../support/browser';
import { PageAudit, Person, submittedApplication, uniqueTradeName, WIDE, type PickedFile } from '../support/journeys';
import { startTestPortal, type TestPortal } from '../support/test-portal';

jest.setTimeout(180_000);

const LOCALES: Locale[] = ['en', 'zh-CN'];
const PUBLIC_BASE_URL = 'https://portal.example.cn';
const REFERENCE = /^BA\d{4}-\d{6}$/;
const VALID_ID = '11010519491231002X';
/** The same number with its check character mistyped: a person's likeliest slip. */
const MISTYPED_ID = '110105194912310021';
const COMPANY_CODE = '91350100M000100Y43';

/** What each locale's entrepreneur and reviewer type. */
const STORY: Record<
  Locale,
  {
    applicant: string;
    tradeStem: string;
    search: string;
    industryClass: string;
    scope: string;
    comments: { domicile: string; capital: string };
    rejection: string;
  }
> = {
  en: {
    applicant: 'Li Na',
    tradeStem: '星澜',
    search: '软件',
    industryClass: 'F5176 计算机、软件及辅助设备批发',
    scope: '计算机、软件及辅助设备批发；技术服务。',
    comments: { domicile: 'Give the room number of the office', capital: 'Check that the capital matches the articles' },
    rejection: 'The lease is forged',
  },
  'zh-CN': {
    applicant: '李娜',
    tradeStem: '云帆',
    search: '批发',
    industryClass: 'F5123 果品、蔬菜批发',
    scope: '果品、蔬菜批发；农产品购销。',
    comments: { domicile: '请补充房间号', capital: '请确认注册资本与章程一致' },
    rejection: '租赁合同系伪造',
  },
};

const ADDRESS_WITHOUT_ROOM = '保税区海天路8号3号楼';
const ADDRESS = '保税区海天路8号3号楼201室';

const DOCUMENTS: { kind: string; file: PickedFile }[] = [
  { kind: 'documentKind.articles.articles', file: { name: '章程.pdf', mimeType: 'application/pdf', buffer: PDF } },
  { kind: 'documentKind.identity', file: { name: 'id-card.png', mimeType: 'image/png', buffer: PNG } },
  { kind: 'documentKind.domicile_proof', file: { name: 'lease.jpg', mimeType: 'image/jpeg', buffer: JPEG } },
];

/** The pages the issue asks to be checked, in both languages. */
const AUDITED_PAGES = [
  'task-list',
  'section-with-errors',
  'industry-search',
  'shareholders',
  'documents',
  'check-answers',
  'confirmation',
  'review-queue',
  'examination',
  'licence',
  'verify-code',
  'register-search',
];

let test: TestPortal;
let web: TestBrowser;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000', PUBLIC_BASE_URL });
  web = await TestBrowser.launch(test.baseUrl);
});

afterAll(async () => {
  await web?.close();
  await test?.close();
});

describe.each(LOCALES)('journeys in a browser (%s)', (locale) => {
  const story = STORY[locale];
  const audit = new PageAudit(`journeys-${locale}`);
  const tradeName = uniqueTradeName(story.tradeStem);
  /** What one step hands to the next. */
  const journey: { email?: string; reference?: string; enterpriseName?: string } = {};
  let applicantContext: BrowserContext;
  let reviewerContext: BrowserContext;
  let entrepreneur: Person;
  let reviewer: Person;

  beforeAll(async () => {
    applicantContext = await web.newContext(locale, WIDE);
    reviewerContext = await web.newContext(locale, WIDE);
    entrepreneur = new Person(await applicantContext.newPage(), locale);
    reviewer = new Person(await reviewerContext.newPage(), locale);
  });

  it('an entrepreneur signs up, fills in every section from the task list, and submits', async () => {
    const me = entrepreneur;
    const t = me.t.bind(me);
    const page = me.page;

    // Sign up from the start page, then sign in
    await page.goto('/');
    await me.press(t('home.start'));
    expect(me.path()).toBe('/signup');
    const email = uniqueEmail(`journey-${locale}`);
    await me.fill(t('field.fullName'), story.applicant);
    await me.fill(t('field.email'), email);
    await me.fill(t('field.newPassword'), PASSWORD);
    expect(await me.press(t('signup.submit'))).toBe(200);
    expect(await me.heading()).toBe(t('signupDone.title'));
    await me.signIn(email);
    expect(me.path()).toBe('/applications');
    expect(await me.heading()).toBe(t('applications.title'));
    journey.email = email;

    // A new application opens on its task list
    await me.press(t('applications.start'));
    expect(me.path()).toMatch(/^\/applications\/[0-9a-f-]{36}$/);
    expect(await me.heading()).toBe(t('taskList.title'));
    expect(await me.taskStatus(t('section.entityType.task'))).toBe(t('component.taskList.not_started'));
    await audit.check(page, 'task-list');

    // Type of business
    await me.follow(t('section.entityType.task'));
    await me.choose(t('section.entityType.title'), t('entityType.limited_liability_company'));
    await me.press(t('common.saveAndContinue'));
    expect(await me.taskStatus(t('section.entityType.task'))).toBe(t('component.taskList.completed'));

    // Business name: checked; an available name goes straight back to the sections with a confirmation
    // (the name page is shown again only when similar names are in use)
    await me.follow(t('section.name.task'));
    await me.choose(t('section.name.division'), '大连');
    await me.fill(t('section.name.tradeName'), tradeName);
    await me.fill(t('section.name.industryPhrase'), '贸易');
    await me.choose(t('section.name.organisationalForm'), '有限公司');
    expect(await me.press(t('section.name.check'))).toBe(200);
    const enterpriseName = `大连${tradeName}贸易有限公司`;
    expect(await me.banners()).toContain(t('section.name.available', { name: enterpriseName }));
    if (me.path().endsWith('/name')) await me.follow(t('common.backToTasks'));
    expect(await me.taskStatus(t('section.name.task'))).toBe(t('component.taskList.completed'));
    journey.enterpriseName = enterpriseName;

    // Domicile (without the room number: the reviewer will ask for it)
    await me.follow(t('section.domicile.task'));
    await me.field(t('section.domicile.district')).selectOption({
      label: t('district.label', { en: 'Dalian Bonded Area and Free Trade Zone', zh: '大连保税区（自由贸易试验区）' }),
    });
    await me.fill(t('section.domicile.address'), ADDRESS_WITHOUT_ROOM);
    await me.press(t('common.saveAndContinue'));

    // Industry, found with the search box; the business scope typed first survives the search
    await me.follow(t('section.industry.task'));
    await me.fill(t('section.industry.scope'), story.scope);
    await me.fill(t('section.industry.search'), story.search);
    await me.press(t('section.industry.searchButton'));
    expect(await page.inputValue('#scope')).toBe(story.scope);
    await audit.check(page, 'industry-search');
    await me.choose(t('section.industry.class'), story.industryClass);
    await me.press(t('common.saveAndContinue'));
    expect(await me.taskStatus(t('section.industry.task'))).toBe(t('component.taskList.completed'));

    // Registered capital
    await me.follow(t('section.capital.task'));
    await me.fill(t('section.capital.title'), '1,000,000');
    await me.press(t('common.saveAndContinue'));

    // Legal representative: one mistyped identity number first
    await me.follow(t('section.legalRepresentative.task'));
    await me.fill(t('field.fullName'), '王伟');
    await me.choose(t('field.documentType'), t('documentType.resident_id'));
    await me.fill(t('field.documentNumber'), MISTYPED_ID);
    await me.fill(t('field.phone'), '13812345678');
    expect(await me.press(t('common.saveAndContinue'))).toBe(400);
    const wrongCheck = t('validation.identity.wrong_check_character', { expected: 'X' });
    expect(await me.errors()).toEqual([wrongCheck]);
    expect((await me.focused()).className).toContain('app-error-summary');
    expect(await page.title()).toMatch(new RegExp(`^${t('common.errorPrefix')} `));
    expect(await me.main.locator('#documentNumber-error').innerText()).toContain(wrongCheck);
    expect(await me.field(t('field.documentNumber')).inputValue()).toBe(MISTYPED_ID);
    await audit.check(page, 'section-with-errors');
    await page.locator('.app-error-summary').getByRole('link', { name: wrongCheck, exact: true }).click();
    expect((await me.focused()).id).toBe('documentNumber');
    await me.fill(t('field.documentNumber'), VALID_ID);
    expect(await me.press(t('common.saveAndContinue'))).toBe(200);
    expect(await me.heading()).toBe(t('taskList.title'));
    expect(await me.taskStatus(t('section.legalRepresentative.task'))).toBe(t('component.taskList.completed'));

    // Shareholders: a person and a company, whose contributions add up to the capital
    await me.follow(t('section.shareholders.task'));
    await me.choose(t('section.shareholders.kind'), t('shareholderKind.natural'));
    await me.fill(t('section.shareholders.name'), '王伟');
    await me.choose(t('field.documentType'), t('documentType.resident_id'));
    await me.fill(t('field.documentNumber'), VALID_ID);
    await me.fill(t('section.shareholders.contribution'), '600,000');
    await me.press(t('section.shareholders.addButton'));
    expect(await me.row(VALID_ID).count()).toBe(1);
    expect(await me.main.innerText()).toContain(t('section.shareholders.mismatch'));
    await me.choose(t('section.shareholders.kind'), t('shareholderKind.corporate'));
    await me.fill(t('section.shareholders.name'), '福州示范有限公司');
    await me.fill(t('section.shareholders.creditCode'), COMPANY_CODE);
    await me.fill(t('section.shareholders.contribution'), '400,000');
    await me.press(t('section.shareholders.addButton'));
    expect(await me.row(COMPANY_CODE).count()).toBe(1);
    expect(await me.main.innerText()).not.toContain(t('section.shareholders.mismatch'));
    await audit.check(page, 'shareholders');
    await me.press(t('common.doneBackToTasks'));
    expect(await me.taskStatus(t('section.shareholders.task'))).toBe(t('component.taskList.completed'));

    // Officers: an executive director and a supervisor
    await me.follow(t('section.officers.task'));
    await me.choose(t('section.officers.role'), t('officerRole.executive_director'));
    await me.fill(t('field.fullName'), '王伟');
    await me.choose(t('field.documentType'), t('documentType.resident_id'));
    await me.fill(t('field.documentNumber'), VALID_ID);
    await me.press(t('section.officers.addButton'));
    await me.choose(t('section.officers.role'), t('officerRole.supervisor'));
    await me.fill(t('field.fullName'), '张敏');
    await me.choose(t('field.documentType'), t('documentType.passport'));
    await me.fill(t('field.documentNumber'), 'E12345678');
    await me.press(t('section.officers.addButton'));
    expect(await me.row('E12345678').count()).toBe(1);
    expect(await me.row(VALID_ID).innerText()).toContain(t('officerRole.executive_director'));
    await audit.check(page, 'officers');
    await me.press(t('common.doneBackToTasks'));

    // Employees, revenue and assets
    await me.follow(t('section.operations.task'));
    await me.fill(t('section.operations.employees'), '8');
    await me.fill(t('section.operations.revenue'), '3,000,000');
    await me.fill(t('section.operations.assets'), '1,200,000');
    await me.press(t('common.saveAndContinue'));

    // Contacts for tax, social insurance and statistics
    await me.follow(t('section.contacts.task'));
    for (const role of ['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact']) {
      await me.fill(t(`section.contacts.${role}.name`), '张敏');
      await me.fill(t(`section.contacts.${role}.phone`), '0411-88888888');
    }
    await me.press(t('common.saveAndContinue'));

    // Documents: three uploads from the file chooser
    await me.follow(t('section.documents.task'));
    for (const { kind, file } of DOCUMENTS) {
      await me.choose(t('section.documents.kind'), t(kind));
      await me.pick(t('section.documents.file'), file);
      expect(await me.press(t('section.documents.uploadButton'))).toBe(200);
      expect(await me.link(file.name).count()).toBe(1);
    }
    await audit.check(page, 'documents');
    await me.follow(t('common.doneBackToTasks'));

    // Every section done: check the answers, declare, submit
    const statuses = await me.main.locator('.app-task-list__status').allInnerTexts();
    expect(statuses.length).toBeGreaterThanOrEqual(10);
    expect(statuses.map((s) => s.trim())).toEqual(statuses.map(() => t('component.taskList.completed')));
    await me.press(t('taskList.checkAnswers'));
    expect(await me.heading()).toBe(t('checkAnswers.title'));
    expect(await me.errors()).toEqual([]);
    const answers = await me.main.innerText();
    expect(answers).toContain(enterpriseName);
    expect(answers).toContain(story.industryClass);
    expect(answers).toContain(locale === 'en' ? '¥1,000,000' : '人民币100万元');
    expect(answers).toContain('福州示范有限公司');
    expect(answers).toContain('章程.pdf');
    await audit.check(page, 'check-answers');
    await me.choose(t('checkAnswers.declarationLegend'), t('checkAnswers.declaration'));
    expect(await me.press(t('checkAnswers.submit'))).toBe(200);

    expect(await me.main.locator('.app-panel__title').innerText()).toBe(t('submitted.title'));
    const reference = (await me.main.locator('.app-panel__reference').innerText()).trim();
    expect(reference).toMatch(REFERENCE);
    await audit.check(page, 'confirmation');
    journey.reference = reference;
    await me.signOut();
  });

  it('a reviewer returns it with two comments; the entrepreneur fixes one answer and resubmits; the reviewer approves', async () => {
    const { email, reference } = journey;
    if (!email || !reference) throw new Error('The entrepreneur did not submit an application');
    const them = reviewer;
    const t = them.t.bind(them);

    // The reviewer signs in, finds the application in the queue and claims it
    const account = await createAccount(test, 'reviewer');
    await them.signIn(account.email);
    expect(them.path()).toBe('/review');
    expect(await them.heading()).toBe(t('review.title'));
    const queued = them.row(reference);
    expect(await queued.count()).toBe(1);
    expect(await queued.innerText()).toContain(t('component.tag.submitted'));
    expect(await queued.innerText()).toContain(t('review.unassigned'));
    await audit.check(them.page, 'review-queue');
    await them.follow(reference);
    expect(await them.heading()).toBe(journey.enterpriseName);
    await them.press(t('review.claim'));
    expect(await them.main.innerText()).toContain(t('review.heldBy', { name: 'Test reviewer' }));
    await audit.check(them.page, 'examination');

    // Two comments, typed next to two sections
    await them.fill(t('section.domicile.task'), story.comments.domicile);
    await them.fill(t('section.capital.task'), story.comments.capital);
    await them.press(t('review.return'));
    expect(await them.main.locator('.app-tag').first().innerText()).toBe(t('component.tag.returned'));

    // The entrepreneur signs in again and sees what to change
    const me = entrepreneur;
    await me.signIn(email);
    expect(me.path()).toBe('/applications');
    const mine = me.row(reference);
    expect(await mine.innerText()).toContain(t('component.tag.returned'));
    expect(await mine.innerText()).toContain(t('applications.next.returned'));
    await me.follow(reference);
    expect(await me.heading()).toBe(t('taskList.title'));
    const notice = await me.main
      .locator('.app-notification-banner')
      .filter({ hasText: t('taskList.returned') })
      .innerText();
    expect(notice).toContain(t('taskList.returned'));
    expect(notice).toContain(`${t('section.domicile.task')}: ${story.comments.domicile}`);
    expect(notice).toContain(`${t('section.capital.task')}: ${story.comments.capital}`);
    expect(await me.taskStatus(t('section.domicile.task'))).toBe(t('component.taskList.needs_changes'));
    expect(await me.taskStatus(t('section.capital.task'))).toBe(t('component.taskList.needs_changes'));
    expect(await me.taskStatus(t('section.name.task'))).toBe(t('component.taskList.completed'));
    await audit.check(me.page, 'task-list-returned');

    // The comment is shown on the section's own page; the entrepreneur adds the room number
    await me.follow(t('section.domicile.task'));
    expect(await me.main.locator('.app-warning-text').innerText()).toContain(
      t('review.commentPrefix', { comment: story.comments.domicile }),
    );
    expect(await me.field(t('section.domicile.address')).inputValue()).toBe(ADDRESS_WITHOUT_ROOM);
    await me.fill(t('section.domicile.address'), ADDRESS);
    await me.press(t('common.saveAndContinue'));
    expect(await me.heading()).toBe(t('taskList.title'));

    // … the section changed is no longer marked, and the changed application is submitted from the list
    expect(await me.taskStatus(t('section.domicile.task'))).toBe(t('component.taskList.completed'));
    await me.press(t('taskList.checkAnswers'));
    expect(await me.heading()).toBe(t('checkAnswers.title'));
    expect(await me.main.innerText()).toContain(ADDRESS);
    await me.choose(t('checkAnswers.declarationLegend'), t('checkAnswers.declaration'));
    expect(await me.press(t('checkAnswers.resubmit'))).toBe(200);
    expect(await me.main.locator('.app-panel__title').innerText()).toBe(t('submitted.title'));
    expect((await me.main.locator('.app-panel__reference').innerText()).trim()).toBe(reference);
    await me.signOut();

    // The reviewer claims it again and approves
    await them.menu(t('nav.review'));
    const again = them.row(reference);
    expect(await again.innerText()).toContain(t('component.tag.submitted'));
    await them.follow(reference);
    expect(await them.main.innerText()).toContain(ADDRESS);
    await them.press(t('review.claim'));
    expect(await them.press(t('review.approve'))).toBe(200);
    expect(await them.main.locator('.app-tag').first().innerText()).toBe(t('component.tag.approved'));
  });

  it('the entrepreneur opens the licence and downloads the signed PDF; anyone can verify it', async () => {
    const { email, reference, enterpriseName } = journey;
    if (!email || !reference || !enterpriseName) throw new Error('The application was not approved');
    const me = entrepreneur;
    const t = me.t.bind(me);

    // From the list of applications to the licence page
    await me.signIn(email);
    const mine = me.row(reference);
    expect(await mine.innerText()).toContain(t('component.tag.approved'));
    await me.follow(reference);
    expect(await me.heading()).toBe(enterpriseName);
    await me.press(t('licence.view'));
    expect(me.path()).toMatch(/^\/licences\/[0-9A-Z]{18}$/);
    const licence = me.main.locator('article.app-licence');
    expect(await licence.locator('h2').innerText()).toContain('营 业 执 照');
    const code = (await licence.locator('.app-licence__code .app-code').innerText()).trim();
    expect(me.path()).toBe(`/licences/${code}`);
    expect(validateCreditCode(code)).toMatchObject({ valid: true, code });
    expect(code.slice(0, 8)).toBe(`91${test.config.authority.divisionCode}`);
    expect(await licence.innerText()).toContain(enterpriseName);
    await audit.check(me.page, 'licence');

    // The signed PDF, downloaded by clicking its button
    const pdf = await downloadPdf(me, t('licence.downloadPdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(me.path()).toBe(`/licences/${code}`);

    // The QR code shows, and encodes the public verification address of this code
    const qr = me.main.getByRole('img', { name: t('licence.qrAlt'), exact: true });
    await expect(qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBeGreaterThan(0);
    const target = `${PUBLIC_BASE_URL}/verify/${code}`;
    const served = await me.page.request.get((await qr.getAttribute('src')) ?? '');
    expect(await served.text()).toBe(await QRCode.toString(target, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    expect(await licence.innerText()).toContain(t('licence.verifyLine', { url: target }));
    expect(await me.link(t('licence.verifyLink')).getAttribute('href')).toBe(new URL(target).pathname);
    await me.signOut();

    // An anonymous visitor who scanned the code
    const visitor = new Person(await web.newPage(locale, WIDE), locale);
    await visitor.page.goto(new URL(target).pathname);
    expect(await visitor.heading()).toBe(t('verify.title'));
    expect(await visitor.main.locator('.app-panel__title').innerText()).toBe(t('verify.validTitle'));
    expect(await visitor.main.locator('.app-panel__body').innerText()).toBe(t('verify.validBody', { name: enterpriseName }));
    expect(await visitor.main.locator('.app-summary-list').innerText()).toContain(code);
    expect(await visitor.main.innerText()).not.toContain(VALID_ID);
    await audit.check(visitor.page, 'verify-code');

    // … checks the PDF's signature
    await visitor.follow(t('verify.checkPdf'));
    expect(visitor.path()).toBe('/verify');
    await visitor.pick(t('verify.pdfLabel'), { name: `licence-${code}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    expect(await visitor.press(t('verify.pdfButton'))).toBe(200);
    const result = visitor.main.locator('.app-notification-banner--success');
    expect(await result.locator('.app-notification-banner__title').innerText()).toBe(t('verify.pdf.validTitle'));
    expect(await result.locator('.app-notification-banner__content').innerText()).toBe(t('verify.pdf.validBody'));
    expect(await visitor.main.locator('article.app-licence').innerText()).toContain(code);
    await audit.check(visitor.page, 'verify-pdf');

    // … and finds the enterprise in the public register
    await visitor.follow(t('register.title'));
    await visitor.fill(t('register.search'), tradeName);
    await visitor.press(t('register.searchButton'));
    expect(visitor.path()).toBe('/register');
    expect(new URL(visitor.page.url()).searchParams.get('q')).toBe(tradeName);
    const found = visitor.row(code);
    expect(await found.count()).toBe(1);
    expect(await found.getByRole('link').innerText()).toBe(enterpriseName);
    await audit.check(visitor.page, 'register-search');
  });

  it('has no WCAG 2.1 A/AA violations on the pages of the journeys, at 1280 and 375 px', () => {
    expect(AUDITED_PAGES.filter((name) => !audit.pages.includes(name))).toEqual([]);
    expect(Object.fromEntries(audit.violations)).toEqual({});
  });

  // WCAG 1.4.10 Reflow, which axe does not test: wide tables scroll inside their own region instead.
  it('needs no horizontal scrolling at 375 px on the pages of the journeys', () => {
    expect(AUDITED_PAGES.filter((name) => !audit.pages.includes(name))).toEqual([]);
    expect(Object.fromEntries(audit.overflow)).toEqual({});
  });
});

describe('a reviewer’s other decisions in a browser (zh-CN)', () => {
  const locale: Locale = 'zh-CN';

  it('rejects one application with a reason, and releases another back to the queue', async () => {
    const rejected = await submittedApplication(test, uniqueTradeName('驳回'));
    const released = await submittedApplication(test, uniqueTradeName('放回'));
    const account = await createAccount(test, 'reviewer');
    const them = new Person(await web.newPage(locale, WIDE), locale);
    const t = them.t.bind(them);
    await them.signIn(account.email);
    expect(them.path()).toBe('/review');

    // Reject: "Other" needs an explanation, then the reason is given
    await them.follow(rejected.reference);
    await them.press(t('review.claim'));
    await them.choose(t('review.reasonLegend'), t('review.reason.other'));
    expect(await them.press(t('review.reject'))).toBe(400);
    expect(await them.errors()).toEqual([t('review.error.explanationRequired')]);
    await them.choose(t('review.reasonLegend'), t('review.reason.false_information'));
    await them.fill(t('review.explanation'), STORY[locale].rejection);
    expect(await them.press(t('review.reject'))).toBe(200);
    expect(await them.main.locator('.app-tag').first().innerText()).toBe(t('component.tag.rejected'));
    expect((await rejected.applicant.get(`/applications/${rejected.id}`)).html).toContain(STORY[locale].rejection);

    // Release: back to the queue, claimed by no one
    await them.menu(t('nav.review'));
    expect(await them.row(rejected.reference).count()).toBe(0);
    await them.follow(released.reference);
    await them.press(t('review.claim'));
    expect(await them.main.innerText()).toContain(t('review.heldBy', { name: 'Test reviewer' }));
    expect(await them.press(t('review.release'))).toBe(200);
    expect(them.path()).toBe('/review');
    const row = them.row(released.reference);
    expect(await row.innerText()).toContain(t('component.tag.submitted'));
    expect(await row.innerText()).toContain(t('review.unassigned'));
  });
});

/**
 * Clicks the download button as a person does. The portal sends the PDF inline, so Chromium shows it in
 * its viewer, in place of the licence page, rather than saving it (no "download" event): the bytes are
 * fetched again from the same address with the page's own cookies, and the browser goes back.
 */
async function downloadPdf(person: Person, name: string): Promise<Buffer> {
  const button = person.button(name);
  const href = new URL((await button.getAttribute('href')) ?? '', person.page.url());
  expect(href.pathname).toMatch(/^\/licences\/[0-9A-Z]{18}\/pdf$/);
  expect(href.searchParams.get('lang')).toBe(person.locale);
  const shown = person.page.waitForResponse((response) => response.url() === href.toString());
  await button.click();
  const response = await shown;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const again = await person.page.context().request.get(href.toString());
  expect(again.status()).toBe(200);
  const pdf = await again.body();
  if (person.page.url() === href.toString()) await person.page.goBack({ waitUntil: 'load' });
  return pdf;
}
