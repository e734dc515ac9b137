import { builtinModule } from '../../internal/captured.js';
import { flagOf, pathOf } from '../read-args.js';
import type { CallStyle, Target } from '../target.js';
import type { AuditEventArgs } from '../types.js';

// Taken as the event is installed, as the other targets' modules are.
const module = () => builtinModule('node:fs');
const promises = () => builtinModule('node:fs').promises;

/** The styles of fs's three forms of one operation: callback, Sync, promises. */
const forms: readonly [() => object, string, CallStyle][] = [
  [module, '', 'callback'],
  [module, 'Sync', 'sync'],
  [promises, '', 'promise'],
];

/** One operation in its three forms (`unlink`, `unlinkSync`, `fs.promises.unlink`). */
function threeForms<A>(
  name: string,
  read: (args: unknown[], api: string) => A | undefined,
  mayBeNodes?: (args: unknown[]) => boolean,
) {
  return forms.map(([owner, suffix, style]): Target => {
    const api = `${owner === promises ? 'fs.promises.' : 'fs.'}${name}${suffix}`;
    const nodes = style === 'promise' && treeCopyHelpers.has(name) ? mayBeCopyingTree : mayBeNodes;
    return {
      owner,
      key: name + suffix,
      style,
      read: (args) => read(args, api) as never,
      stackForSiteOnly: style !== 'callback',
      ...(nodes && style !== 'callback' ? { mayBeNodes: nodes } : {}),
    };
  });
}

/** The files Node's module loaders read with fs's own functions: modules' sources. */
const moduleExtension = /\.(?:[cm]?[jt]s|json|wasm)$/;

/**
 * Whether a read may be a module loader's: Node's CommonJS loader reads a module's file with
 * `readFileSync(path)`, its ES module loader with `readFileSync(path)` (Node 22+) or
 * `fs.promises.readFile(url)` (Node 20). A read of any other file is the program's.
 */
function mayReadModule(args: unknown[]): boolean {
  const file = args[0];
  return file instanceof URL || (typeof file === 'string' && moduleExtension.test(file));
}

/**
 * Opens by path: a file descriptor or FileHandle given instead was opened (and seen) before.
 * `open` takes its flags as an argument; the others in an options object (or none: a string
 * there is an encoding).
 */
function opening(fallback: string, at: number, direct = false, option = 'flag') {
  return (args: unknown[], api: string): AuditEventArgs['fs.open'] | undefined => {
    const path = pathOf(args[0]);
    if (path === undefined) return undefined;
    const given = args[at];
    const flags =
      direct && (typeof given === 'string' || typeof given === 'number')
        ? given
        : flagOf(given, fallback, option);
    return { path, flags, api };
  };
}

/**
 * Whether a write may be Node's: process.stdout and process.stderr, where they are files, write
 * what console.log prints with `writeSync(1 or 2, …)`. That is output, no file operation (it is
 * none where they are a terminal or a pipe), which the stack then tells from the program's call.
 */
function mayWriteOutput(args: unknown[]): boolean {
  return args[0] === 1 || args[0] === 2;
}

function writing(args: unknown[], api: string): AuditEventArgs['fs.write'] {
  const fd = typeof args[0] === 'number' ? args[0] : undefined;
  return { path: fd === undefined ? pathOf(args[0]) : undefined, fd, api };
}

/** A copy's source, opened to read (`copyFile(src, dest)`, `cp(src, dest)`). */
function copying(args: unknown[], api: string): AuditEventArgs['fs.open'] | undefined {
  const path = pathOf(args[0]);
  return path === undefined ? undefined : { path, flags: 'r', api };
}

/**
 * Whether an `fs.cp` has been reported. Its callback and promise forms copy a tree with
 * fs.promises' own functions, which Node's cp module takes from fs.promises as it first loads —
 * the audit's wrappers, if it listens then. Those calls are the cp's, reported already, but come
 * after it returned, outside it: only the stack tells them from the program's, read for them once
 * a cp has run (Node's cp module is among the implementers of site.ts).
 */
let treeCopied = false;
const mayBeCopyingTree = (): boolean => treeCopied;
/** The functions of fs.promises Node's cp calls that are events (its Sync ones run inside cpSync). */
const treeCopyHelpers = new Set(['copyFile', 'mkdir', 'chmod', 'symlink', 'utimes', 'unlink']);

/** An `fs.cp` read as `read` does, noted (see {@link treeCopied}). */
function copyingTree<A>(read: (args: unknown[], api: string) => A) {
  return (args: unknown[], api: string): A => {
    treeCopied = true;
    return read(args, api);
  };
}

export const fsOpen: readonly Target[] = [
  ...threeForms('open', opening('r', 1, true)),
  ...threeForms('readFile', opening('r', 1), mayReadModule),
  ...threeForms('writeFile', opening('w', 2)),
  ...threeForms('appendFile', opening('a', 2)),
  {
    owner: module,
    key: 'createReadStream',
    style: 'sync',
    read: (a) => opening('r', 1, false, 'flags')(a, 'fs.createReadStream'),
  },
  {
    owner: module,
    key: 'createWriteStream',
    style: 'sync',
    read: (a) => opening('w', 1, false, 'flags')(a, 'fs.createWriteStream'),
  },
  ...threeForms('copyFile', copying),
  ...threeForms('cp', copyingTree(copying)),
];

export const fsWrite: readonly Target[] = [
  ...threeForms('writeFile', writing),
  ...threeForms('appendFile', writing),
  ...byDescriptor('write', mayWriteOutput),
  ...byDescriptor('writev'),
  // What else changes the file system at a path: a copy's destination, a new link's name, a file
  // cut short, a folder made, a mode, owner or time set. Without them a policy denying writes
  // under a folder would let `copyFileSync(file, '/etc/x')` or `chmodSync('/etc/x', 0o777)` by.
  ...threeForms('cp', copyingTree(changing(1))),
  ...['copyFile', 'link', 'symlink'].flatMap((name) => threeForms(name, changing(1))),
  ...[
    'truncate',
    'mkdir',
    'mkdtemp',
    'chmod',
    'lchmod',
    'chown',
    'lchown',
    'utimes',
    'lutimes',
  ].flatMap((name) => threeForms(name, changing(0))),
  // The same by descriptor (the open was reported).
  ...['ftruncate', 'fchmod', 'fchown', 'futimes'].flatMap((name) => byDescriptor(name)),
];

/** A write by descriptor (`write`, `writeSync`; fs.promises has none but FileHandle's). */
function byDescriptor(name: string, mayBeNodes?: (args: unknown[]) => boolean): Target[] {
  return forms.slice(0, 2).map(([owner, suffix, style]) => ({
    owner,
    key: name + suffix,
    style,
    read: (args) => writing(args, `fs.${name}${suffix}`),
    stackForSiteOnly: suffix === 'Sync',
    ...(mayBeNodes && suffix === 'Sync' ? { mayBeNodes } : {}),
  }));
}

/** A change at the path argument `at` (by path only: a descriptor's is by descriptor above). */
function changing(at: number) {
  return (args: unknown[], api: string): AuditEventArgs['fs.write'] | undefined => {
    const path = pathOf(args[at]);
    return path === undefined ? undefined : { path, fd: undefined, api };
  };
}

function removing(args: unknown[], api: string): AuditEventArgs['fs.unlink'] | undefined {
  const path = pathOf(args[0]);
  return path === undefined ? undefined : { path, api };
}

function removingTree(args: unknown[], api: string): AuditEventArgs['fs.rm'] | undefined {
  const path = pathOf(args[0]);
  if (path === undefined) return undefined;
  const options = args[1];
  const recursive =
    typeof options === 'object' &&
    options !== null &&
    (options as { recursive?: unknown }).recursive === true;
  return { path, recursive, api };
}

function renaming(args: unknown[], api: string): AuditEventArgs['fs.rename'] | undefined {
  const path = pathOf(args[0]);
  const newPath = pathOf(args[1]);
  return path === undefined || newPath === undefined ? undefined : { path, newPath, api };
}

export const fsUnlink: readonly Target[] = threeForms('unlink', removing);
export const fsRm: readonly Target[] = [
  ...threeForms('rm', removingTree),
  ...threeForms('rmdir', removingTree),
];
export const fsRename: readonly Target[] = threeForms('rename', renaming);
