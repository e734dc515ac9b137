import type { AuditRule } from './types.js';

/**
 * Denies md5 and sha1 hashes (`createHash`, `createHmac`, `crypto.hash`): both are broken for
 * signatures and passwords. Spread it into a policy's rules; put a `warn` rule of your own first
 * where a checksum still needs them.
 */
export const weakCrypto: readonly AuditRule[] = Object.freeze([
  { event: 'crypto.hash', match: /^(?:md5|sha1|rsa-md5|rsa-sha1)$/i, action: 'deny' },
] as const);

/** The folders an application has no business changing. */
const systemFolder =
  /^(?:\/(?:etc|usr|bin|sbin|boot|System)(?:\/|$)|[a-z]:[\\/]windows(?:[\\/]|$))/i;

const underSystemFolder = (args: { path?: string | undefined; newPath?: string }): boolean =>
  (args.path !== undefined && systemFolder.test(args.path)) ||
  (args.newPath !== undefined && systemFolder.test(args.newPath));

/** Whether an open may change the file: any flag but plain reading. */
const opensToWrite = (args: { path: string; flags: string | number }): boolean =>
  (typeof args.flags === 'number' ? (args.flags & 3) !== 0 : /[wa+]/.test(args.flags)) &&
  underSystemFolder(args);

/**
 * Denies writes, deletes and renames under system folders: /etc, /usr, /bin, /sbin, /boot,
 * /System (macOS) and C:\Windows. Reading there is allowed.
 */
export const systemWrites: readonly AuditRule[] = Object.freeze([
  { event: 'fs.open', match: opensToWrite, action: 'deny' },
  { event: 'fs.write', match: underSystemFolder, action: 'deny' },
  { event: 'fs.unlink', match: underSystemFolder, action: 'deny' },
  { event: 'fs.rm', match: underSystemFolder, action: 'deny' },
  { event: 'fs.rename', match: underSystemFolder, action: 'deny' },
] as const);

/**
 * Warns on imports of deprecated builtins (`punycode`, `sys`, `domain`, `constants`, the
 * `_stream_*` and `_http_*` modules) and of `vm`, which runs code from strings.
 */
export const riskyModules: readonly AuditRule[] = Object.freeze([
  {
    event: 'module.import',
    match:
      /^(?:node:)?(?:punycode|sys|domain|constants|vm|_stream_\w+|_http_\w+|_linklist|_tls_\w+)$/,
    action: 'warn',
  },
] as const);
