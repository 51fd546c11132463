import { Injectable, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';

/**
 * The GovStack documents are OpenAPI 3.0 without `nullable`: a field with no value must be left out, not
 * sent as null (an assignee not yet chosen, a service not yet known, an unset statistics filter). The
 * services build their answers with nulls where a value is absent; this leaves those fields out, at any
 * depth, on the way out.
 */
@Injectable()
export class OmitNullsInterceptor implements NestInterceptor {
  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map(omitNulls));
  }
}

export function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  // Plain objects only: a Buffer, a stream or a Date goes out as it is.
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null)
      .map(([key, inner]) => [key, omitNulls(inner)]),
  );
}
