/// <reference types="multer" />
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Render, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { Public } from '../common/http/access.decorators';
import { ServedByPublicLane, type PublicRequest } from '../common/http/public-page';
import { RateLimiterService } from '../common/rate-limit/rate-limiter.service';
import { throttlePublic } from '../common/rate-limit/throttle';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { creditCodeReasonText, toCreditCodeReport } from '../credit-codes/credit-code-report';
import { normaliseCreditCode, validateCreditCode } from '../credit-codes/domain';
import type { LicenceSigner } from './licence-signer';
import { LICENCE_SIGNER } from './licence-signer.provider';
import { verifyLicencePdf } from './licence-verification';
import { enterpriseRows, licenceView } from './licence-view';
import { LicencesRepository } from './licences.repository';
import { boundedMemoryStorage, UPLOAD_HARD_LIMIT_BYTES } from '../common/http/bounded-memory-storage';
import { formatCalendarDate } from '../common/text/calendar-date';

const MAX_PDF_BYTES = 5 * 1024 * 1024;

/** Public verification: what the licence's QR code opens, and a signature check for a licence PDF. */
@Controller('verify')
@Public()
export class VerifyController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LICENCE_SIGNER) private readonly signer: LicenceSigner,
    private readonly licences: LicencesRepository,
    private readonly limiter: RateLimiterService,
  ) {}

  /** The verification form; with ?code= (its by-code form, which cannot write into the path), that code's page. */
  @Get()
  form(@Req() req: Request, @Res() res: Response, @Query('code') code?: unknown): void {
    const base = { pageTitle: req.t('verify.formTitle'), maxMb: MAX_PDF_BYTES / 1024 / 1024 };
    if (code === undefined) return res.render('licences/verify-form', base);
    const typed = typeof code === 'string' ? normaliseCreditCode(code) : '';
    if (typed !== '') return res.redirect(303, `/verify/${encodeURIComponent(typed)}`);
    const message = req.t('verify.codeMissing');
    res.status(400).render('licences/verify-form', { ...base, errors: [{ field: 'code', message }], hasErrors: true, codeError: message });
  }

  /** Checks an uploaded licence PDF's signature and shows the data it certifies. */
  @Post('pdf')
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', {
      storage: boundedMemoryStorage(MAX_PDF_BYTES),
      limits: { fileSize: UPLOAD_HARD_LIMIT_BYTES, files: 1, fields: 2 },
    }),
  )
  @Render('licences/verify-form')
  async pdf(@Req() req: Request, @UploadedFile() file: Express.Multer.File | undefined) {
    await throttlePublic(this.limiter, req, 'verify');
    const base = { pageTitle: req.t('verify.formTitle'), maxMb: MAX_PDF_BYTES / 1024 / 1024 };
    const problem =
      !file || file.size === 0 ? 'verify.pdf.missing' : file.size > MAX_PDF_BYTES ? 'validation.document.too_large' : undefined;
    if (!file || problem) {
      req.res?.status(problem === 'verify.pdf.missing' ? 400 : 413);
      const errors = [{ field: 'file', message: req.t(problem ?? 'verify.pdf.missing', { max: MAX_PDF_BYTES / 1024 / 1024 }) }];
      return { ...base, errors, hasErrors: true, fileError: errors[0].message };
    }
    const result = verifyLicencePdf(file.buffer, this.signer.publicKeyPem());
    if (!result.valid) return { ...base, result: { valid: false, reason: req.t(`verify.pdf.${result.reason}`) } };
    const enterprise = await this.licences.enterpriseByCode(result.data.code);
    const current = enterprise ? await this.licences.currentLicence(enterprise.id) : undefined;
    const superseded = current !== undefined && current.version !== result.data.version;
    return {
      ...base,
      result: {
        valid: true,
        licence: licenceView(result.data, req, {
          status: superseded ? 'superseded' : (current?.status ?? 'unknown'),
          keyId: result.keyId,
          signature: '',
        }),
        superseded,
      },
    };
  }

  @Get(':code/qr.svg')
  async qr(@Res() res: Response, @Param('code') code: string): Promise<void> {
    const normalised = [...normaliseCreditCode(code)].slice(0, 18).join('');
    const svg = await QRCode.toString(`${this.config.publicBaseUrl}/verify/${encodeURIComponent(normalised)}`, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
    });
    res.setHeader('Content-Type', 'image/svg+xml');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.send(svg);
  }

  @Get(':code')
  @Render('licences/verify')
  @ServedByPublicLane()
  async verify(@Req() req: PublicRequest, @Param('code') code: string) {
    await throttlePublic(this.limiter, req, 'verify');
    const report = toCreditCodeReport(validateCreditCode(code));
    const found = report.valid ? await this.licences.enterpriseWithLicenceByCode(report.code) : undefined;
    const enterprise = found?.enterprise;
    const licence = found?.licence;
    return {
      pageTitle: req.t('verify.title'),
      code: report.code,
      valid: report.valid,
      reasonText: creditCodeReasonText(report, req.t),
      issuedHere: enterprise !== undefined,
      enterprise: enterprise && {
        name: enterprise.name,
        status: req.t(`enterprise.status.${enterprise.status}`),
        active: enterprise.status === 'active',
        rows: enterpriseRows(enterprise, req, { withName: true }),
      },
      licence: licence && {
        version: licence.version,
        status: req.t(`licence.status.${licence.status}`),
        issuedAt: formatCalendarDate(licence.data.issuedOn, req.locale),
        keyId: licence.keyId,
      },
    };
  }
}
