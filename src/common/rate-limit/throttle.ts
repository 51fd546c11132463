import type { PublicRequest } from '../http/public-page';
import { DomainError } from '../errors/domain-error';
import type { RateLimiterService } from './rate-limiter.service';

/**
 * Public pages and the JSON API: a per-address allowance per minute, shared by every instance. Counted
 * with write-behind (RateLimiterService.hitBuffered): normal use costs no database write per request.
 */
export async function throttlePublic(
  limiter: RateLimiterService,
  req: Pick<PublicRequest, 'ip' | 'res'>,
  bucket = 'public',
  limit = 120,
): Promise<void> {
  const result = await limiter.hitBuffered(`${bucket}:${req.ip ?? ''}`, limit);
  if (!result.allowed) {
    req.res?.setHeader('Retry-After', String(result.retryAfterSeconds));
    throw new DomainError('request.too_many');
  }
}
