import { Controller, Get, Inject, Param, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApplicationAccessService } from '../applications/application-access.service';
import { DomainError } from '../common/errors/domain-error';
import { Roles } from '../common/http/access.decorators';
import { actorOf } from '../common/http/actor';
import { normaliseCreditCode } from '../credit-codes/domain';
import type { LicenceSigner } from './licence-signer';
import { LICENCE_SIGNER } from './licence-signer.provider';
import { renderLicencePdf } from './licence-pdf';
import { licenceView } from './licence-view';
import { LicencesRepository, type EnterpriseRow, type LicenceRow } from './licences.repository';

/** The licence as its holder (and staff) see it: the page in the licence's layout, and the signed PDF. */
@Controller('licences')
@Roles('applicant', 'reviewer', 'admin')
export class LicencePagesController {
  constructor(
    private readonly licences: LicencesRepository,
    private readonly access: ApplicationAccessService,
    @Inject(LICENCE_SIGNER) private readonly signer: LicenceSigner,
  ) {}

  @Get(':code')
  @Render('licences/licence')
  async page(@Req() req: Request, @Param('code') code: string) {
    const { enterprise, licence } = await this.load(req, code);
    return {
      pageTitle: req.t('licence.title'),
      licence: licenceView(licence.data, req, { status: licence.status, keyId: licence.keyId, signature: licence.signature }),
      pdfHref: `/licences/${enterprise.code}/pdf?lang=${req.locale}`,
      verifyHref: `/verify/${enterprise.code}`,
      backLink:
        req.user?.role === 'applicant' ? { href: `/applications/${enterprise.applicationId}`, text: req.t('common.back') } : undefined,
    };
  }

  @Get(':code/pdf')
  async pdf(@Req() req: Request, @Res() res: Response, @Param('code') code: string, @Query('lang') lang?: string): Promise<void> {
    const { enterprise, licence } = await this.load(req, code);
    const locale = lang === 'en' ? 'en' : lang === 'zh-CN' ? 'zh-CN' : req.locale;
    const pdf = await renderLicencePdf(licence.data, { value: licence.signature, keyId: licence.keyId }, locale);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="licence-${enterprise.code}.pdf"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(pdf);
  }

  private async load(req: Request, code: string): Promise<{ enterprise: EnterpriseRow; licence: LicenceRow }> {
    const enterprise = await this.licences.enterpriseByCode(normaliseCreditCode(code).slice(0, 18));
    if (!enterprise) throw new DomainError('licence.not_found');
    await this.access.readable(actorOf(req), enterprise.applicationId);
    const licence = await this.licences.currentLicence(enterprise.id);
    if (!licence) throw new DomainError('licence.not_found');
    if (licence.keyId !== this.signer.keyId) req.res?.setHeader('X-Licence-Key-Id', licence.keyId);
    return { enterprise, licence };
  }
}
