/**
 * Where "Write tests" puts its tests: the usual test file name and framework per language. A
 * language without a file convention (Rust's `mod tests`) keeps its tests beside the code.
 */
import * as path from 'node:path';

interface TestConvention {
  framework: string;
  /** The test file's name for a source file `stem` + `ext`; undefined: tests stay in the file. */
  file?: (stem: string, ext: string) => string;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const JS: TestConvention = {
  framework: 'the test runner the project already uses (Jest, Vitest, Mocha or node:test; judge by the imports)',
  file: (stem, ext) => `${stem}.test${ext}`,
};

const BY_GRAMMAR: Record<string, TestConvention> = {
  python: { framework: 'pytest', file: (stem, ext) => `test_${stem}${ext}` },
  javascript: JS,
  typescript: JS,
  tsx: JS,
  go: { framework: 'the standard testing package', file: (stem) => `${stem}_test.go` },
  rust: { framework: 'a #[cfg(test)] mod tests with #[test] functions' },
  java: { framework: 'JUnit 5', file: (stem) => `${capital(stem)}Test.java` },
  csharp: { framework: 'xUnit', file: (stem) => `${capital(stem)}Tests.cs` },
  ruby: { framework: 'RSpec', file: (stem) => `${stem}_spec.rb` },
  php: { framework: 'PHPUnit', file: (stem) => `${capital(stem)}Test.php` },
  c: { framework: 'plain assert() calls in a main function' },
  cpp: { framework: 'GoogleTest', file: (stem, ext) => `${stem}_test${ext}` },
  lua: { framework: 'busted', file: (stem) => `${stem}_spec.lua` },
  bash: { framework: 'plain shell functions that exit non-zero on failure' },
};

export function testFramework(grammarName: string | undefined): string {
  return (grammarName && BY_GRAMMAR[grammarName]?.framework) || 'the usual test framework for the language';
}

/** The test file URI beside `uri`, or undefined when tests belong in the same file. */
export function testFileUri(uri: string, grammarName: string | undefined): string | undefined {
  const convention = grammarName ? BY_GRAMMAR[grammarName] : undefined;
  if (!convention?.file || !uri.startsWith('file:')) return undefined;
  const url = new URL(uri);
  const dir = path.posix.dirname(url.pathname);
  const base = path.posix.basename(url.pathname);
  const ext = path.posix.extname(base);
  const name = convention.file(decodeURIComponent(base.slice(0, base.length - ext.length)), ext);
  if (name === decodeURIComponent(base)) return undefined;
  url.pathname = path.posix.join(dir, encodeURIComponent(name));
  return url.toString();
}
