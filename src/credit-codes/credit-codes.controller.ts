import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../common/http/access.decorators';
import { CheckCreditCodeService } from './check-credit-code.service';
import { creditCodeReasonText } from './credit-code-report';

@Controller()
export class CreditCodesController {
  constructor(private readonly checker: CheckCreditCodeService) {}

  /** Always 200 for a code-shaped path: an invalid code is an answer (valid: false, with the reason). */
  @Public()
  @Get(['api/v1/credit-codes/:code', 'api/v1/credit-codes'])
  api(@Param('code') code: string | undefined) {
    return this.checker.check(code ?? '');
  }

  /** The public "check a code" page; a GET form, so a result can be bookmarked or shared. */
  @Public()
  @Get('credit-codes/check')
  @Render('credit-codes/check')
  async page(@Req() req: Request, @Query('code') code?: unknown) {
    const input = typeof code === 'string' ? code : '';
    if (input.trim() === '') {
      const asked = typeof code === 'string';
      const errors = asked ? [{ field: 'code', message: req.t('creditCheck.missing') }] : [];
      return { pageTitle: req.t('creditCheck.title'), code: '', errors, hasErrors: asked, error: errors[0]?.message };
    }
    const report = await this.checker.check(input);
    const parts = report.parts;
    return {
      pageTitle: req.t('creditCheck.title'),
      code: input,
      report,
      reasonText: creditCodeReasonText(report, req.t),
      warningTexts: (report.warnings ?? []).map((w) => req.t(`creditCheck.warning.${w}`)),
      rows: parts && [
        { key: req.t('creditCheck.code'), value: report.code, valueClasses: 'app-code' },
        {
          key: req.t('creditCheck.department'),
          value: `${parts.department} – ${translated(req, `creditCheck.department.${parts.department}`, parts.departmentName)}`,
        },
        {
          key: req.t('creditCheck.category'),
          value: parts.categoryName
            ? `${parts.category} – ${translated(req, `creditCheck.category.${parts.department}${parts.category}`, parts.categoryName)}`
            : parts.category,
        },
        { key: req.t('creditCheck.division'), value: parts.division, valueClasses: 'app-code' },
        { key: req.t('creditCheck.organisationCode'), value: parts.organisationCode, valueClasses: 'app-code' },
        { key: req.t('creditCheck.checkCharacter'), value: parts.checkCharacter, valueClasses: 'app-code' },
        {
          key: req.t('creditCheck.registered'),
          value: req.t(report.registered ? 'creditCheck.registered.yes' : 'creditCheck.registered.no'),
        },
      ],
    };
  }
}

/** The catalogue's wording where it has one; otherwise the domain's English name. */
function translated(req: Request, key: string, fallback: string): string {
  const text = req.t(key);
  return text === key ? fallback : text;
}
