import 'reflect-metadata';
import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import { auditVerifyCommand } from './cli/audit-verify.command';
import { creditCodeValidateCommand } from './cli/credit-code-validate.command';
import { exchangeTokenCommand } from './cli/exchange-token.command';
import { statsSummaryCommand } from './cli/stats-summary.command';
import { demoSeedCommand } from './cli/demo-seed.command';
import type { CliCommand, CliIo } from './cli/cli-command';
import { usersCreateCommand } from './cli/users-create.command';
import { apiTokenCreateCommand, apiTokenListCommand, apiTokenRevokeCommand } from './cli/api-token.command';
import { ConfigError, loadConfig } from './config/app-config';

const COMMANDS: CliCommand[] = [
  usersCreateCommand,
  creditCodeValidateCommand,
  auditVerifyCommand,
  exchangeTokenCommand,
  statsSummaryCommand,
  demoSeedCommand,
  apiTokenCreateCommand,
  apiTokenListCommand,
  apiTokenRevokeCommand,
];

const io: CliIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.usage}`),
    '',
    'Uses the same settings as the portal (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR; when the',
    'portal is running on that data directory, the CLI connects to its database server).',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  if (args.includes('--help')) {
    io.out(`${command.summary}\nUsage: npm run cli -- ${command.usage}`);
    return 0;
  }
  if (!command.needsDatabase) return command.run(args, io, undefined);

  // Loaded only for commands that need them: validating codes starts in a fraction of the time.
  const [{ NestFactory }, { AppModule }, { createDataSource, migrate }, { resolveDatabase }] = await Promise.all([
    import('@nestjs/core'),
    import('./app.module.js'),
    import('./database/data-source.js'),
    import('./database/database-url.js'),
  ]);

  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' });
  const { url, embedded } = await resolveDatabase(config, (m) => io.err(m));
  const dataSource = createDataSource(url, 10);
  let app: INestApplicationContext | undefined;
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    app = await NestFactory.createApplicationContext(AppModule.register(config, dataSource), { logger: ['error'] });
    return await command.run(args, io, app);
  } finally {
    await app?.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) io.err(error.message);
    else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      io.err(`${error.message}\n\n${help()}`);
    else io.err(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
