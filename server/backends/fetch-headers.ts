/**
 * The part of the Fetch standard's Headers class that the `openai` client and our fetch use. The
 * global Headers is Node's undici, which Node loads on first use: ~40 ms of a cold server's first
 * completion. The server bundle (scripts/package/bundle-server.ts) puts this class in place of the
 * global for every bundled module; unbundled code keeps the global. test/backends/fetch-headers
 * checks both answer alike.
 *
 * Names are case-insensitive and iterate lower-cased in sorted order; repeated values are joined
 * with ", " (set-cookie kept apart). Names and values are checked as the standard does, so a line
 * break cannot reach a request line.
 */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\0\r\n]/;
const TRIM = /^[\t\n\r ]+|[\t\n\r ]+$/g;

type Init = Iterable<readonly [string, string]> | Record<string, string> | undefined | null;

export class FetchHeaders implements Headers {
  private readonly map = new Map<string, string[]>();

  constructor(init?: Init) {
    if (init === undefined || init === null) return;
    if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair');
        this.append(pair[0], pair[1]);
      }
    } else {
      for (const [name, value] of Object.entries(init as Record<string, string>)) this.append(name, value);
    }
  }

  append(name: string, value: string): void {
    const key = checkedName(name);
    const list = this.map.get(key);
    if (list) list.push(checkedValue(value));
    else this.map.set(key, [checkedValue(value)]);
  }

  set(name: string, value: string): void {
    this.map.set(checkedName(name), [checkedValue(value)]);
  }

  delete(name: string): void {
    this.map.delete(checkedName(name));
  }

  get(name: string): string | null {
    return this.map.get(checkedName(name))?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.map.has(checkedName(name));
  }

  getSetCookie(): string[] {
    return [...(this.map.get('set-cookie') ?? [])];
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.map.keys()].sort()) {
      const values = this.map.get(name)!;
      if (name === 'set-cookie') for (const v of values) yield [name, v];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

function checkedName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: invalid header name "${text}"`);
  return text.toLowerCase();
}

function checkedValue(value: string): string {
  const text = String(value).replace(TRIM, '');
  if (BAD_VALUE.test(text)) throw new TypeError('Headers: invalid header value');
  return text;
}
