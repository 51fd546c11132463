import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Roles } from '../common/http/access.decorators';
import { formatDateTime } from '../common/views/view-engine';
import { NotificationsRepository } from './notifications.repository';

/** How many notifications the list shows: the most recent. */
const SHOWN = 100;

@Controller('notifications')
@Roles('applicant')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  /** Reading the list marks it read; what was new is still tagged "New" on this view. */
  @Get()
  @Render('notifications/index')
  async list(@Req() req: Request) {
    // One more than is shown, to say so when older ones are left out.
    const rows = await this.notifications.latest(req.user!.id, SHOWN + 1);
    await this.notifications.markAllRead(req.user!.id);
    return {
      pageTitle: req.t('notifications.title'),
      olderLeftOut: rows.length > SHOWN ? req.t('notifications.olderLeftOut', { count: SHOWN }) : undefined,
      items: rows.slice(0, SHOWN).map((n) => ({
        unread: n.unread,
        text: req.t(`notifications.kind.${n.kind}`, { reference: n.reference ?? '', name: n.name ?? '' }),
        href: n.applicationId ? `/applications/${n.applicationId}` : undefined,
        when: formatDateTime(n.createdAt, req.locale),
      })),
    };
  }
}
