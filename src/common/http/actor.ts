import type { Request } from 'express';
import type { Actor } from '../../audit/audit.service';

export function actorOf(req: Request): Actor {
  return { id: req.user?.id ?? null, role: req.user?.role ?? null, ip: req.ip ?? null };
}
