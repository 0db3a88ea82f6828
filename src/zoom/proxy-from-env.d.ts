/** proxy-from-env 2.x ships no types; this is its one export (README of the package). */
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from *_PROXY / ALL_PROXY, or '' when none applies or NO_PROXY matches. */
  export function getProxyForUrl(url: string | URL): string;
}
