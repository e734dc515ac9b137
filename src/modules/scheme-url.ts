import { posix } from 'node:path';

/**
 * Resolves a specifier imported by a module that came from a scheme: `./b` inside
 * `repo:team/a` is `repo:team/b`. Works for hierarchical (`s3://host/a`) and opaque
 * (`repo:team/a`) URLs alike.
 */
export function resolveInScheme(specifier: string, parentURL: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const colon = parentURL.indexOf(':');
  const scheme = parentURL.slice(0, colon + 1);
  const rest = parentURL.slice(colon + 1);
  const authority = rest.startsWith('//')
    ? rest.slice(0, rest.indexOf('/', 2) + 1 || rest.length)
    : '';
  const path = rest.slice(authority.length);
  const joined = posix.normalize(posix.join(posix.dirname(`/${path}`), specifier)).slice(1);
  return `${scheme}${authority}${joined}`;
}
