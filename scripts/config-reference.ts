/** Prints the configuration reference table for README.md from the one schema. */
import { SCHEMA } from '../server/config/schema';
import { envName } from '../server/config/sources';

export function configReference(): string {
  const rows = Object.entries(SCHEMA).map(([key, spec]) => {
    const def = JSON.stringify(spec.default);
    return `| \`${key}\` | \`${def}\` | ${spec.description} | \`${envName(key)}\` |`;
  });
  return ['| key | default | meaning | environment |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

if (require.main === module) process.stdout.write(`${configReference()}\n`);
