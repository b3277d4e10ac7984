/** A span of text holding a secret, found by one detector. */
export interface Finding {
  start: number;
  end: number;
  /**
   * 'all': every character except line breaks is masked.
   * 'base64': only base64 characters are masked, so quotes, `\n` escapes' backslashes, `+` and
   * punctuation around an embedded key stay and the code keeps its shape.
   */
  mask: 'all' | 'base64';
  /** Where a token shape's kept type prefix (`ghp_`) begins; `start` is after it. */
  prefixStart?: number;
}
