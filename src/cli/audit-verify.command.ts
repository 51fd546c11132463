import { AuditService } from '../audit/audit.service';
import type { CliCommand } from './cli-command';

export const auditVerifyCommand: CliCommand = {
  name: 'audit:verify',
  summary: 'Recompute the audit hash chain; exit 1 naming the first broken event.',
  usage: 'audit:verify [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const result = await app!.get(AuditService).verify();
    if (args.includes('--json')) io.out(JSON.stringify(result));
    else if (result.intact) io.out(`Audit chain intact: ${result.checked} events verified.`);
    else {
      const b = result.firstBreak!;
      const what = {
        gap: `event ${b.seq} follows event ${'expectedSeq' in b ? b.expectedSeq - 1 : '?'}: events are missing`,
        prev_hash_mismatch: `event ${b.seq} does not link to the event before it (an event was inserted or removed before it)`,
        hash_mismatch: `event ${b.seq} was altered: its content no longer matches its hash`,
        head_mismatch: `the chain ends at event ${b.seq} but the portal recorded ${'headSeq' in b ? b.headSeq : '?'} events: events at the end were removed or added`,
      }[b.kind];
      io.err(`Audit chain BROKEN at event ${b.seq}: ${what}. ${result.checked} events before it are intact.`);
    }
    return result.intact ? 0 : 1;
  },
};
