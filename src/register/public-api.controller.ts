import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { Public } from '../common/http/access.decorators';
import { ServedByPublicLane, type PublicRequest } from '../common/http/public-page';
import { RateLimiterService } from '../common/rate-limit/rate-limiter.service';
import { validateCreditCode } from '../credit-codes/domain';
import type { LicenceSigner } from '../licences/licence-signer';
import { LICENCE_SIGNER } from '../licences/licence-signer.provider';
import { LicencesRepository, type EnterpriseRow } from '../licences/licences.repository';
import { OPENAPI_DOCUMENT } from './openapi';
import { mergeOpenApi } from './openapi-merge';
import { govstackOpenApi } from '../govstack/govstack.controllers';
import { GOVSTACK_PREFIX } from '../govstack/govstack-settings';
import { throttlePublic } from '../common/rate-limit/throttle';
import { queryInteger } from '../common/http/query-integer';
import { creditCodeReasonText, toCreditCodeReport } from '../credit-codes/credit-code-report';

/** Public record of an enterprise: no identity numbers, no contacts, no figures given in confidence. */
function publicRecord(e: EnterpriseRow) {
  return {
    code: e.code,
    name: e.name,
    entityType: e.entityType,
    legalRepresentative: e.legalRepresentative,
    registeredCapitalFen: e.registeredCapitalFen,
    establishedOn: e.establishedOn,
    domicile: e.domicile,
    district: e.district,
    industryClass: e.industryClass,
    businessScope: e.businessScope,
    status: e.status,
  };
}

@Controller()
@Public()
export class PublicApiController {
  private document: ReturnType<typeof mergeOpenApi> | undefined;

  constructor(
    private readonly licences: LicencesRepository,
    private readonly limiter: RateLimiterService,
    @Inject(LICENCE_SIGNER) private readonly signer: LicenceSigner,
  ) {}

  @Get('api/v1/register')
  @ServedByPublicLane()
  async register(@Req() req: PublicRequest, @Query('q') q?: unknown, @Query('page') page?: unknown, @Query('pageSize') pageSize?: unknown) {
    await throttlePublic(this.limiter, req);
    const query = typeof q === 'string' ? q.trim() : '';
    if (query === '' || query.length > 100) throw new DomainError('api.query_required');
    const size = queryInteger('pageSize', pageSize, { min: 1, max: 100, fallback: 20 });
    const number = queryInteger('page', page, { min: 1, max: 10_000, fallback: 1 });
    const { rows, total, capped } = await this.licences.search(query, size, (number - 1) * size);
    return { query, page: number, pageSize: size, total, capped, items: rows.map(publicRecord) };
  }

  @Get('api/v1/licences/:code')
  @ServedByPublicLane()
  async licence(@Req() req: PublicRequest, @Param('code') code: string) {
    await throttlePublic(this.limiter, req);
    const validation = validateCreditCode(code);
    if (!validation.valid)
      throw new DomainError('api.malformed_code', {
        reason: validation.reason,
        message: creditCodeReasonText(toCreditCodeReport(validation), req.t)!,
      });
    const found = await this.licences.enterpriseWithLicenceByCode(validation.code);
    if (!found?.licence) throw new DomainError('licence.not_found');
    const { enterprise, licence } = found;
    return {
      enterprise: publicRecord(enterprise),
      licence: {
        version: licence.version,
        status: licence.status,
        issuedOn: licence.data.issuedOn,
        data: licence.data,
        signature: licence.signature,
        keyId: licence.keyId,
      },
    };
  }

  /** The portal's own API and the GovStack Registration Building Block API (both of its documents). */
  @Get('api/openapi.json')
  openapi() {
    this.document ??= [
      govstackOpenApi('govstack-registration-api.json'),
      govstackOpenApi('govstack-registration-api-statistics.json'),
    ].reduce(
      (merged, other, i) =>
        mergeOpenApi(merged, other as Parameters<typeof mergeOpenApi>[1], GOVSTACK_PREFIX, i === 0 ? 'GovStack' : 'GovStackStatistics'),
      JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)) as Parameters<typeof mergeOpenApi>[0],
    );
    return this.document;
  }

  /** The authority's public key, to check licence signatures without trusting this server afterwards. */
  @Get('.well-known/licence-key')
  key() {
    return { keyId: this.signer.keyId, algorithm: 'Ed25519', publicKeyPem: this.signer.publicKeyPem(), jwk: this.signer.publicKeyJwk() };
  }
}
