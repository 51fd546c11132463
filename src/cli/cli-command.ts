import type { INestApplicationContext } from '@nestjs/common';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Lines of standard input (for commands that read codes when none are given). */
  stdinLines(): AsyncIterable<string>;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Commands that need no database (pure validation) run without starting one. */
  needsDatabase: boolean;
  run(args: string[], io: CliIo, app: INestApplicationContext | undefined): Promise<number>;
}
