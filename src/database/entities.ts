import { AuditEventEntity } from '../audit/audit-event.entity';
import { UserAccountEntity } from '../auth/user-account.entity';

/** Every entity the data source knows; each module adds its own here. */
export const ENTITIES = [UserAccountEntity, AuditEventEntity];
