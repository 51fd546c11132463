import { validateCreditCode } from '../credit-codes/domain';
import { toCreditCodeReport } from '../credit-codes/credit-code-report';
import type { CliCommand } from './cli-command';

export const creditCodeValidateCommand: CliCommand = {
  name: 'credit-code:validate',
  summary: 'Validate unified social credit codes (GB 32100); one JSON object per line. Reads stdin when no codes are given.',
  usage: 'credit-code:validate [CODE ...]',
  needsDatabase: false,
  async run(args, io) {
    const check = (code: string) => io.out(JSON.stringify(toCreditCodeReport(validateCreditCode(code))));
    const codes = args.filter((a) => a !== '--json');
    if (codes.length > 0) codes.forEach(check);
    else for await (const line of io.stdinLines()) if (line.trim() !== '') check(line);
    // An invalid code is a result, not a failure of the command.
    return 0;
  },
};
