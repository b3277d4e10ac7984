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

/** README.md with its configuration table replaced by the one the schema makes. */
export function withConfigReference(readme: string): string {
  const start = readme.indexOf('| key | default | meaning | environment |');
  if (start < 0) throw new Error('README.md has no configuration table');
  const end = readme.indexOf('\n\n', start);
  return readme.slice(0, start) + configReference() + (end < 0 ? '\n' : readme.slice(end));
}

// `npm run config-table`: rewrites README.md's table; without --write, prints it.
if (require.main === module) {
  if (process.argv.includes('--write')) {
    const fs = require('node:fs') as typeof import('node:fs');
    const file = require('node:path').join(__dirname, '..', '..', 'README.md') as string;
    fs.writeFileSync(file, withConfigReference(fs.readFileSync(file, 'utf8')));
  } else process.stdout.write(`${configReference()}\n`);
}
