/**
 * Globals the server bundle replaces (esbuild `inject`: every bundled module's free reference to
 * the name uses this export instead). See server/backends/fetch-headers.ts for why.
 */
export { FetchHeaders as Headers } from '../../server/backends/fetch-headers';
