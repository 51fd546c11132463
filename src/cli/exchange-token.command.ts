import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { DEPARTMENTS } from '../exchange/domain/department-payloads';
import { ExchangeService } from '../exchange/exchange.service';
import type { CliCommand } from './cli-command';

export const exchangeTokenCommand: CliCommand = {
  name: 'exchange:token',
  summary: "Create (or replace) a receiving department's API token; it is printed once.",
  usage: `exchange:token --department ${DEPARTMENTS.join('|')} [--json]`,
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({ args, options: { department: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    if (!values.department || !(DEPARTMENTS as readonly string[]).includes(values.department)) {
      io.err(`--department must be one of ${DEPARTMENTS.join(', ')}`);
      return 2;
    }
    const token = await app!.get(ExchangeService).issueToken(SYSTEM_ACTOR, values.department);
    io.out(
      values.json
        ? JSON.stringify({ department: values.department, token })
        : `Token for ${values.department} (shown once; keep it secret):\n${token}`,
    );
    return 0;
  },
};
