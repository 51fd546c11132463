import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError } from '../common/errors/domain-error';
import { parseSeedSpec, SeedSpecError } from '../statistics/domain/seed-plan';
import { DemoSeedService } from '../statistics/demo-seed.service';
import type { CliCommand } from './cli-command';

export const demoSeedCommand: CliCommand = {
  name: 'demo:seed',
  summary: 'Build a realistic register whose statistics equal a spec (format: shared/data/seed-figures.json), into an empty register.',
  usage: 'demo:seed --spec FILE [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({ args, options: { spec: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    if (!values.spec) {
      io.err('--spec FILE is required (for example ../shared/data/seed-figures.json)');
      return 2;
    }
    let spec;
    try {
      spec = parseSeedSpec(JSON.parse(readFileSync(values.spec, 'utf8')) as unknown);
    } catch (error) {
      if (error instanceof SeedSpecError) io.err(error.message);
      else io.err(`Cannot read ${values.spec}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    const started = Date.now();
    try {
      const result = await app!.get(DemoSeedService).seed(spec, (done, total) => {
        if (!values.json) io.err(`  ${done} / ${total}`);
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.out(
        values.json
          ? JSON.stringify({ created: result.created, seconds: Number(seconds) })
          : `Registered ${result.created} market players in ${seconds} s.`,
      );
      return 0;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'seed.register_not_empty') {
        io.err(
          `The register already holds ${String(error.params['count'])} enterprises; seed into an empty database (a new DATA_DIR or DATABASE_URL).`,
        );
        return 1;
      }
      throw error;
    }
  },
};
