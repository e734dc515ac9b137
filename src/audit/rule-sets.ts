import { resolve } from 'node:path';
import type { AuditRule } from './types.js';
import { isWeakDigest } from './weak-digest.js';

/**
 * Denies MD5 and SHA-1 under any of their names (`SHA-1`, `sha1WithRSAEncryption`, `ssl3-md5`, an
 * OID, …), and the two joined (`md5-sha1`), wherever a `crypto.hash` event names a digest: a hash
 * or HMAC, a key derived with pbkdf2 or hkdf, a signature made or checked, WebCrypto's digest.
 * Both are broken for signatures and passwords. Spread it into a policy's rules; where a checksum
 * still needs one, leave it out and write a rule of your own.
 */
export const weakCrypto: readonly AuditRule[] = Object.freeze([
  { event: 'crypto.hash', match: isWeakDigest, action: 'deny' },
] as const);

/** The folders an application has no business changing. */
const systemFolder =
  /^(?:\/(?:etc|usr|bin|sbin|boot|System)(?:\/|$)|[a-z]:[\\/]windows(?:[\\/]|$))/i;

/**
 * Whether `path` is in a system folder as written or as the system reads it: a relative path
 * (`etc/passwd` with the working folder `/`) and one that climbs out (`/tmp/../etc/passwd`) name
 * the same file as `/etc/passwd`.
 */
const inSystemFolder = (path: string): boolean =>
  systemFolder.test(path) || (unsettled.test(path) && systemFolder.test(resolve(path)));

/**
 * A path that may lead elsewhere than it reads: relative, or with a `.` or `..` segment or a
 * doubled separator. Only those are resolved: resolving every path costs a write a tenth more.
 */
const unsettled = /^(?![\\/])|[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}/;

const underSystemFolder = (args: { path?: string | undefined; newPath?: string }): boolean =>
  (args.path !== undefined && inSystemFolder(args.path)) ||
  (args.newPath !== undefined && inSystemFolder(args.newPath));

/** Whether an open may change the file: any flag but plain reading. */
const opensToWrite = (args: { path: string; flags: string | number }): boolean =>
  (typeof args.flags === 'number' ? (args.flags & 3) !== 0 : /[wa+]/.test(args.flags)) &&
  underSystemFolder(args);

/**
 * Denies writes, deletes and renames under system folders: /etc, /usr, /bin, /sbin, /boot,
 * /System (macOS) and C:\Windows — copies into them, links, new folders, and changes of a file's
 * length, mode, owner or times too (each an `fs.write`). A relative path counts where it leads
 * from the working folder. Reading there is allowed. A symbolic link made earlier can still lead
 * in: the audit checks the path the program names, not where the file system takes it.
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
