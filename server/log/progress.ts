/** Long-running work (workspace indexing) shown to the user, e.g. as LSP `$/progress`. */
export interface ProgressReporter {
  begin(title: string): void;
  /** `percent` in 0..100. */
  report(percent: number, message?: string): void;
  end(): void;
}
