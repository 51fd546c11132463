import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';

/**
 * A service refusing the caller's role (an administrator deciding, an operator editing an applicant's
 * answers) is an access refusal like the guard's: audited as access.denied before the 403 goes out.
 */
@Injectable()
export class GovstackRefusalInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { govstackActor?: Actor }>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== 'auth.forbidden' || !req.govstackActor) return throwError(() => error);
        return from(
          this.audit.recordAlone(req.govstackActor, {
            action: 'access.denied',
            subjectType: 'route',
            subjectId: `${req.method} ${req.path}`,
            details: { api: 'govstack', reason: 'service_refused' },
          }),
        ).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
