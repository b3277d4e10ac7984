#!/usr/bin/env node
import { packageVersion } from './paths';

const HELP = `arbor-ls ${'{version}'} — AI code completion and code actions for any LSP editor

Usage:
  arbor-ls [--stdio]     run the language server on stdin/stdout (what editors start)
  arbor-ls doctor        print the resolved configuration (secrets masked), the grammars found,
                         and whether the model backend answers; --settings FILE|JSON adds the
                         settings your editor sends (initializationOptions, with or without "arbor")
  arbor-ls demo          start the server as an editor would, ask it for completions and code
                         actions on an example file, and print what came back (--verbose: with
                         the server's log)
  arbor-ls --version     print the version
  arbor-ls --help        print this help

Configuration: $XDG_CONFIG_HOME/arbor-ls/config.json, ARBOR_* environment variables,
initializationOptions and workspace settings (section "arbor"). See README.md.
`;

async function main(argv: string[]): Promise<number | undefined> {
  const args = argv.filter((a) => a !== '--stdio' && a !== '--node-ipc');
  const [command] = args;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP.replace('{version}', packageVersion()));
    return 0;
  }
  if (command === 'doctor') {
    const at = args.indexOf('--settings');
    const settings =
      at > 0 ? (args[at + 1] ?? '') : args.find((a) => a.startsWith('--settings='))?.slice('--settings='.length);
    return (require('./doctor') as typeof import('./doctor')).runDoctor({ settings });
  }
  if (command === 'demo')
    return (require('./demo/index') as typeof import('./demo/index')).runDemo({ verbose: args.includes('--verbose') });
  if (command !== undefined && !command.startsWith('--clientProcessId')) {
    process.stderr.write(`arbor-ls: unknown argument "${command}"\n\n${HELP.replace('{version}', packageVersion())}`);
    return 2;
  }
  (require('./lsp/memory') as typeof import('./lsp/memory')).keepMemoryLean();
  // Loaded lazily so that --version and --help stay instant.
  (require('./main') as typeof import('./main')).runServer();
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`arbor-ls: ${(err as Error)?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
