import type { ServerResponse } from 'node:http';
import { SetMetadata } from '@nestjs/common';
import type { Locale } from '../../config/app-config';
import type { Translator } from './request-context';

export const PUBLIC_LANE_KEY = 'http:public-lane';

/**
 * Anonymous GETs of this route are served by the public lane (src/common/http/public-lane.ts) instead of
 * the full request pipeline, at well under half the cost: for the public pages read most (every scan of a
 * licence's QR code opens the verification page). The route must be @Public, read only its request
 * (PublicRequest), path parameters and query, and change nothing; the lane checks at start-up what it can.
 */
export const ServedByPublicLane = (): MethodDecorator => SetMetadata(PUBLIC_LANE_KEY, true);

/**
 * What a public page's handler may read of its request: the same whichever of the full pipeline (an
 * Express request) or the public lane serves it.
 */
export interface PublicRequest {
  readonly locale: Locale;
  readonly t: Translator;
  /** The client's address (behind TRUST_PROXY, from X-Forwarded-For as Express reads it). */
  readonly ip: string | undefined;
  /** For a header an error answer carries (Retry-After). */
  readonly res?: Pick<ServerResponse, 'setHeader'>;
}

/** The part of a request that a page's texts need: its language. */
export type Localised = Pick<PublicRequest, 'locale' | 't'>;
