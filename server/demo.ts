export async function runDemo(): Promise<number> {
  process.stderr.write('arbor-ls demo: not built yet\n');
  return 1;
}
