import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AuditVerificationService } from '../audit/audit-verification.service';
import { Roles } from '../common/http/access.decorators';
import { formatDateTime } from '../common/views/view-engine';

@Controller('admin')
@Roles('admin')
export class AdminDashboardController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verification: AuditVerificationService,
  ) {}

  @Get()
  @Render('admin/dashboard')
  async dashboard(@Req() req: Request) {
    const [latest, counts, head] = await Promise.all([
      this.verification.latest(),
      this.dataSource.query<{ role: string; status: string; count: string }[]>(
        `SELECT role, status, count(*) AS count FROM user_account GROUP BY role, status`,
      ),
      this.dataSource.query<{ seq: string }[]>(`SELECT seq FROM audit_chain_head WHERE id = 1`),
    ]);
    const count = (role: string, status: string) => Number(counts.find((c) => c.role === role && c.status === status)?.count ?? 0);
    const events = Number(head[0]?.seq ?? 0);
    return {
      pageTitle: req.t('adminDashboard.title'),
      chain: latest && {
        intact: latest.intact,
        ranAt: formatDateTime(latest.ranAt, req.locale),
        checked: latest.checked,
        firstBreakSeq: latest.firstBreak?.seq,
        sinceCheck: Math.max(0, events - latest.headSeq),
      },
      events,
      accountRows: (['applicant', 'reviewer', 'admin'] as const).map((role) => ({
        role: req.t(`role.${role}`),
        active: count(role, 'active'),
        disabled: count(role, 'disabled'),
      })),
    };
  }
}
