/**
 * Runs on Node's loader thread (`module.register`, Node 20). It decides from a copy of the main
 * thread's hooks which ES modules to instrument, and asks the main thread for anything that is a
 * function there. Every hook here falls back to the default when something of hookline's fails.
 */

import { isBuiltin } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { denialParts } from '../../internal/audit-denial.js';
import { adoptCacheBase } from '../../internal/cache-folder.js';
import { monotonicMs } from '../../internal/clock.js';
import { formatMessage } from '../../internal/errors.js';
import { addToSetMap } from '../../internal/set-map.js';
import { causeText } from '../../internal/warning.js';
import { ImporterSources, importerSite, isImporterSource } from '../esm/imported-names.js';
import { instrumentCached } from '../esm/instrument-cache.js';
import { lexer } from '../esm/lexer.js';
import { importLinkError } from '../esm/link-error.js';
import { lexable } from '../esm/module-syntax.js';
import { mocksCommonJsFile } from '../esm-file.js';
import { fileKey, unresolvedFileUrl, wrappedModuleUrl } from '../file-key.js';
import {
  type AttributeCheck,
  attributeCheck,
  mockAttributeCheck,
  mocksJson,
  naming,
} from '../import-attributes.js';
import { denialTest, type ImportDenial } from '../import-denial.js';
import { isBareSpecifier, packageNameOf } from '../matcher.js';
import {
  isEsModuleFormat,
  isUninstrumentableFormat,
  uninstrumentableMessage,
} from '../module-format.js';
import { isEpilogueImport } from '../own-resolution.js';
import { hookedNamesByPlace } from '../package-entry.js';
import {
  folderSubpath,
  isInsideRoot,
  localCopyUrl,
  resolvedOrFromRedirectBase,
} from '../replacement-imports.js';
import { fromProgram, noteSchemeImporter, programBase, resolveInScheme } from '../scheme-url.js';
import { moduleSourceText, sourceText } from '../source-text.js';
import { MOCK_PREFIX, mockModuleSource } from '../virtual.js';
import type { Request, ThreadConfig, ThreadRedirect, ToMain, ToThread } from './protocol.js';

interface ResolveContext {
  conditions?: readonly string[];
  parentURL?: string | undefined;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean;
}
interface LoadResult {
  format: string | null | undefined;
  source?: string | ArrayBuffer | Uint8Array | null | undefined;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: object) => Promise<LoadResult>;

let port: MessagePort;
let revision: Int32Array;
let seenRevision = -1;
let config: ThreadConfig = {
  names: [],
  regexps: [],
  predicates: false,
  mocks: [],
  redirects: [],
  schemes: [],
  transforms: [],
  audit: false,
  denials: [],
};
/** What tells whether each of {@link ThreadConfig.denials} denies a specifier. */
let denialTests: ((specifier: string) => boolean)[] = [];
let names = new Set<string>();
let regexps: RegExp[] = [];
let mocks = new Map<string, number>();
let redirects = new Map<string, ThreadRedirect>();
let schemes = new Set<string>();
let transformTests: ((url: string) => boolean | 'ask')[] = [];
/** The packages hooks name (`eo` for `eo/impl`): their files are selected by their place in them. */
let packageNames: string[] = [];
/** Whether some hook, mock or redirect names a module by its file (a `file:` key). */
let namesByFile = false;
let mocksByFile = false;
let redirectsByFile = false;

const roots = new Map<string, Set<string>>();
const targets = new Set<string>();
const pendingReexports = new Set<string>();
/**
 * Per module: the specifiers it imports statically and that have not resolved yet, or 'all' when
 * it has no import() at all. A static import resolves once, as its module links; the same
 * specifier asked for after that is an import().
 */
const staticImports = new Map<string, Set<string> | 'all'>();
/**
 * The program given as code (`node --input-type=module -e …`, or on stdin): Node 20 compiles it
 * on the main thread, so its source never comes through this thread's load hook. The main thread
 * hands it over; its static imports are noted under this key as the thread starts, and taken for
 * the module's own URL (`file:///<cwd>/[eval1]`) at its first request.
 */
const evalKey = '[eval]';
let evalImportsNoted: Promise<void> | undefined;
/** The URL Node 20 gives the program given as code (`evalModule`'s first `[eval${n}]`). */
const evalUrl = /\/\[eval1\]$/;

let replied: Int32Array;
let nextId = 1;
/** How long the thread waits for the main thread to answer before failing the load. */
const ANSWER_TIMEOUT = 60_000;

export function initialize(data: {
  port: MessagePort;
  revision: Int32Array;
  replied: Int32Array;
  reports: Int32Array;
  cacheBase: string | null;
  evalSource?: string | undefined;
}): void {
  adoptCacheBase(data.cacheBase);
  if (data.evalSource !== undefined) evalImportsNoted = noteStaticImports(evalKey, data.evalSource);
  port = data.port;
  revision = data.revision;
  replied = data.replied;
  reports = data.reports;
  refresh();
}

function receive(message: ToThread): void {
  if (message.type === 'config') {
    config = message.config;
    names = new Set(config.names);
    regexps = config.regexps.map(([source, flags]) => new RegExp(source, flags));
    mocks = new Map(config.mocks);
    redirects = new Map(config.redirects.map((r) => [r.key, r]));
    schemes = new Set(config.schemes);
    denialTests = config.denials.map(denialTest);
    packageNames = [...new Set(config.names.filter((n) => isBareSpecifier(n)).map(packageNameOf))];
    namesByFile = config.names.some(isFileKey);
    mocksByFile = config.mocks.some(([key]) => isFileKey(key));
    redirectsByFile = config.redirects.some(({ key }) => isFileKey(key));
    transformTests = config.transforms.map((t) => {
      if (t.kind === 'ask') return () => 'ask';
      if (t.kind === 'prefix') return (url) => t.prefixes.some((prefix) => url.startsWith(prefix));
      const r = new RegExp(t.source, t.flags);
      return (url) => testRegExp(r, url);
    });
  }
}

/** Takes in at once every config the main thread posted since the last look. */
function refresh(): void {
  const now = Atomics.load(revision, 0);
  if (now === seenRevision) return;
  seenRevision = now;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    receive(m.message as ToThread);
  }
}

/**
 * Asks the main thread and blocks until it answers. Blocking (rather than awaiting a message)
 * does not depend on this thread's event loop turning while Node waits on it, and the main
 * thread is free to answer: it is awaiting this very load.
 */
function ask(request: Request): unknown {
  const id = nextId++;
  Atomics.store(replied, 0, 0);
  flush();
  send({ type: 'request', id, request });
  const deadline = Date.now() + ANSWER_TIMEOUT;
  for (;;) {
    const message = receiveMessageOnPort(port)?.message as ToThread | undefined;
    if (message?.type === 'reply' && message.id === id) {
      if (message.error !== undefined) {
        const error = Object.assign(
          new Error(message.error),
          message.fields,
          message.code === undefined ? {} : { code: message.code },
        );
        // The main thread's stack, where the program's own function (a scheme's loader) threw.
        if (message.stack !== undefined) error.stack = message.stack;
        throw error;
      }
      return message.value;
    }
    if (message) {
      receive(message);
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(
        `hookline: the main thread did not answer a ${request.type} request within ${ANSWER_TIMEOUT} ms (is it blocked in a synchronous import? A predicate, transform filter, mock factory or scheme loader that calls import.meta.resolve waits for this thread, which waits for it)`,
      );
    }
    Atomics.wait(replied, 0, 0, left);
    Atomics.store(replied, 0, 0);
  }
}

/** Reports waiting to be sent: one message per batch costs far less than one per module. */
let outbox: ToMain[] = [];
let flushQueued = false;
let turnQueued = false;
/**
 * Shared with the main thread: [0] is 1 while the outbox holds reports not yet posted (the main
 * thread waits for them before it reports an event of its own, so that events keep their
 * order), [1] counts the messages posted (the main thread reads its port only when it moved).
 */
let reports: Int32Array;

/**
 * Queues a report for the main thread. Most leave at the end of the current hook, before Node
 * hears its result: what hooks select must be known before the module runs. Audit events leave
 * at the next turn of this thread's event loop (see {@link turnSoon}), in one message: posting
 * one per import (3,600 on a large program) cost a tenth of its start-up on Node 20.
 */
function post(message: ToMain): void {
  outbox.push(message);
  Atomics.store(reports, 0, 1);
  if (message.type === 'audit') turnSoon();
  else if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flush);
  }
}

/**
 * Makes this thread's event loop turn once more after the current hook, and posts the audit
 * events then. Node 20 looks for the main thread's next request from a `setImmediate` it leaves
 * unreferenced: with nothing else scheduled, the loop sleeps between requests, and each waits
 * for something else to wake it. A referenced one keeps the loop turning while requests come in:
 * Node's own pass-through loader went from 1.31× to 1.16× plain on the benchmark program with
 * just that, and hookline's ES module hook from 1.40× to 1.21×.
 */
function turnSoon(): void {
  if (turnQueued) return;
  turnQueued = true;
  setImmediate(turned);
}

function turned(): void {
  turnQueued = false;
  if (outbox.length > 0) flush();
}

function flush(): void {
  flushQueued = false;
  if (outbox.length > 0) {
    const messages = outbox;
    outbox = [];
    send({ type: 'batch', messages });
  }
  Atomics.store(reports, 0, 0);
  Atomics.notify(reports, 0);
}

function send(message: ToMain): void {
  port.postMessage(message);
  Atomics.add(reports, 1, 1);
}

function keyOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  return isBuiltin(specifier) ? `node:${specifier}` : specifier;
}

function schemeOf(url: string): boolean {
  const colon = url.indexOf(':');
  return colon > 0 && schemes.has(url.slice(0, colon + 1));
}

function insideRoot(parentURL: string | undefined, root: string): boolean {
  return parentURL?.startsWith('file:') === true && isInsideRoot(fileURLToPath(parentURL), root);
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  refresh();
  turnSoon();
  const parentURL = context.parentURL;
  if (evalImportsNoted !== undefined && parentURL !== undefined && evalUrl.test(parentURL)) {
    await takeEvalImports(parentURL);
  }
  if (schemes.size > 0) {
    const fromScheme = parentURL !== undefined && schemeOf(parentURL);
    const inScheme = fromScheme ? resolveInScheme(specifier, parentURL) : undefined;
    const url = inScheme ?? (schemeOf(specifier) ? specifier : undefined);
    if (url) {
      // A mock of a scheme's module stands in for it, as for any other.
      const mock = mocks.get(keyOf(specifier));
      if (mock !== undefined) return after(specifier, parentURL, mockResult(mock));
      noteSchemeImporter(url, parentURL);
      return after(specifier, parentURL, { url, format: 'module', shortCircuit: true });
    }
    if (fromScheme) {
      return resolveHooked(specifier, context, fromProgram(specifier, parentURL, nextResolve));
    }
  }
  return resolveHooked(specifier, context, nextResolve);
}

/** Mocks, redirects, then Node's resolution; reported to the main thread. */
async function resolveHooked(
  specifier: string,
  context: ResolveContext,
  nodeResolve: NextResolve,
): Promise<ResolveResult> {
  const parentURL = context.parentURL;
  const key = keyOf(specifier);
  const mock = mocks.get(key);
  if (mock !== undefined) {
    return after(specifier, parentURL, checkedMockResult(mock, key, specifier, parentURL));
  }
  const nextResolve = redirects.size > 0 ? orFromRedirectBase(nodeResolve) : nodeResolve;
  const redirect = redirects.get(key);
  if (redirect && !insideRoot(parentURL, redirect.root)) {
    const url = localCopyUrl(redirect.url, redirect, 'import');
    return after(specifier, parentURL, await nextResolve(url, context));
  }
  const subpath =
    redirect || redirects.size === 0 ? undefined : folderSubpathOf(specifier, context);
  if (subpath && !insideRoot(parentURL, subpath.redirect.root)) {
    return after(
      specifier,
      parentURL,
      await nextResolve(pathToFileURL(subpath.path).href, context),
    );
  }
  if (!mocksByFile && !redirectsByFile) {
    return after(specifier, parentURL, await nextResolve(specifier, context));
  }
  return after(specifier, parentURL, await resolveByFile(specifier, context, nextResolve));
}

/**
 * Where mocks or redirects name modules by their file: the file the import resolves to decides,
 * whoever imports it by whatever path; a file that does not exist can be mocked by its path.
 */
async function resolveByFile(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  // Read before Node's chain merges into `context` what a later step passed on (a redirect's
  // base as the parent).
  const parentURL = context.parentURL;
  let result: ResolveResult;
  try {
    result = await nextResolve(specifier, context);
  } catch (error) {
    const url = unresolvedFileUrl(specifier, parentURL);
    const mock = url === undefined ? undefined : mocks.get(url);
    if (url !== undefined && mock !== undefined) {
      return checkedMockResult(mock, url, specifier, parentURL);
    }
    throw error;
  }
  if (!result.url.startsWith('file:')) return result;
  const key = fileKey(result.url);
  const mock = mocks.get(key);
  if (mock !== undefined) return checkedMockResult(mock, key, specifier, parentURL);
  const redirect = redirects.get(key);
  if (redirect && !insideRoot(parentURL, redirect.root)) {
    return nextResolve(localCopyUrl(redirect.url, redirect, 'import'), { ...context, parentURL });
  }
  return result;
}

/**
 * Node's resolution; a package that a redirect's local copy does not find beside it resolves as
 * from where the redirect was declared (see replacement-imports.ts).
 */
function orFromRedirectBase(nextResolve: NextResolve): NextResolve {
  return (specifier, context) =>
    resolvedOrFromRedirectBase(
      () => nextResolve(specifier, context),
      specifier,
      context?.parentURL,
      redirects.values(),
      (base) => nextResolve(specifier, { ...context, parentURL: base }),
    );
}

/** A subpath of a package redirected to a package folder: the folder's own (see folderSubpath). */
function folderSubpathOf(specifier: string, context: ResolveContext) {
  const kind = context.conditions?.includes('require') ? 'require' : 'import';
  return folderSubpath(specifier, redirects, kind);
}

/** The ES modules loaded while mocks are in force, for the names their imports take from one. */
const importerSources = new ImporterSources();

/**
 * A mock's resolution; an importer that statically imports names the mock lacks fails here, with
 * the SyntaxError linking would throw, told that the module is a mock (the main thread knows it).
 */
function checkedMockResult(
  id: number,
  key: string,
  specifier: string,
  parentURL: string | undefined,
): ResolveResult {
  const taken = mocksJson(key) ? undefined : importerSources.takeNames(parentURL, specifier);
  if (taken && parentURL) {
    const importer = importerSite(parentURL, taken);
    const names = taken.names;
    const message = ask({ type: 'mock-lacks', mock: id, specifier, names, importer }) as
      | string
      | null;
    if (message !== null) throw importLinkError(message, importer);
  }
  return mockResult(id);
}

function mockResult(id: number): ResolveResult {
  return { url: `${MOCK_PREFIX}${id}`, format: 'module', shortCircuit: true };
}

function isFileKey(key: string): boolean {
  return key.startsWith('file:');
}

function after(
  specifier: string,
  parentURL: string | undefined,
  result: ResolveResult,
): ResolveResult {
  let denied: Error | undefined;
  if (mocks.size > 0) importerSources.noteResolved(parentURL, specifier);
  // An instrumented module's epilogue importing itself or the runtime: not the program's import.
  if (isEpilogueImport(specifier, parentURL)) return result;
  // import-in-the-middle's wrapper importing the module it wraps, and its own runtime: not the
  // program's imports.
  if (parentURL !== undefined && wrappedModuleUrl(parentURL) !== undefined) return result;
  // Resolved to such a wrapper: what the hooks select, and the audit tells, is the module.
  const wrapped = wrappedModuleUrl(result.url);
  if (wrapped !== undefined) {
    after(specifier, parentURL, { ...result, url: wrapped });
    return result;
  }
  try {
    if (pendingReexports.delete(`${parentURL}\0${specifier}`)) targets.add(result.url);
    // Only what a hook selects (or a predicate may select) is reported: a message per module
    // would cost the main thread more than the loader itself. Hooks added later find the ES
    // modules that loaded before them by asking V8 (see warnUnwatchedEsm).
    let selected = false;
    if (result.url.startsWith('node:')) {
      if (regexps.length > 0 || config.predicates)
        addToSetMap(builtinSpecifiers, result.url, specifier);
    } else {
      // A scheme's module is named by its URL too (see resolved in ../dispatch.ts).
      if (
        schemes.size > 0 &&
        result.url !== specifier &&
        names.has(result.url) &&
        schemeOf(result.url)
      ) {
        addToSetMap(roots, result.url, result.url);
        selected = true;
      }
      if (names.has(keyOf(specifier)) || regexps.some((r) => testRegExp(r, specifier))) {
        addToSetMap(roots, result.url, specifier);
        selected = true;
      } else if (config.predicates) {
        addToSetMap(asks, result.url, specifier);
      }
    }
    if (selected || config.predicates) {
      post({ type: 'resolved', specifier, parentURL, url: result.url, format: result.format });
    }
    if (parentURL !== undefined && !importsSeen.has(parentURL)) {
      const watched =
        selected ||
        config.predicates ||
        namedImport(specifier, parentURL) ||
        regexps.some((r) => testRegExp(r, specifier)) ||
        // A package's file a hook names by its place in the package (`pkg/feature`).
        namedInPackage(result.url).length > 0;
      if (watched) {
        importsSeen.add(parentURL);
        post({ type: 'imports-seen', url: parentURL });
      }
    }
    if (config.audit) {
      const statics = parentURL ? staticImports.get(parentURL) : undefined;
      // A parent whose source this thread never saw loaded before it started, so all its static
      // imports were resolved already: whatever it asks for now is an import().
      const isStatic = statics === 'all' || statics?.delete(specifier) === true;
      const dynamic = parentURL !== undefined && !isStatic;
      const index = denialTests.length > 0 ? denialTests.findIndex((test) => test(specifier)) : -1;
      if (index >= 0) {
        denied = deniedImport(
          config.denials[index] as ImportDenial,
          specifier,
          result.url,
          parentURL,
          dynamic,
        );
      }
      post({
        type: 'audit',
        specifier,
        url: result.url,
        parentURL,
        dynamic,
        denied: denied !== undefined,
        // A reading of the monotonic clock: the main thread tells its epoch time.
        monotonic: monotonicMs(),
      });
    }
  } catch (error) {
    // Never fail an import for bookkeeping: the module resolves as Node resolved it.
    post({
      type: 'warning',
      message: `hookline failed while ${specifier} resolved`,
      cause: String(error),
    });
  }
  // An audit policy denied it: the import fails, as it would on the main thread.
  if (denied !== undefined) throw denied;
  return result;
}

/**
 * The error of an import a policy denies, made here: the policy's own AuditError is made on the
 * main thread, which an ES module's import does not wait for on Node 20 (and which may itself be
 * waiting for this thread, in an `import.meta.resolve`). Node hands it to the importer with its
 * name, message, code, event and rule.
 */
function deniedImport(
  denial: ImportDenial,
  specifier: string,
  resolved: string,
  importer: string | undefined,
  dynamic: boolean,
): Error {
  const file = importer?.startsWith('file:') ? fileURLToPath(importer) : importer;
  const site = file === undefined ? undefined : { file, line: 0, column: 0, function: '<module>' };
  const where = `module.import ${JSON.stringify(specifier)}${site ? ` at ${site.file}:0` : ''}`;
  const parts = denialParts(where, denial.text);
  return Object.assign(new Error(formatMessage(parts)), {
    name: 'AuditError',
    code: 'ERR_HOOKLINE_AUDIT_DENIED',
    details: parts,
    event: {
      event: 'module.import',
      args: { specifier, resolved, importer, kind: dynamic ? 'dynamic-import' : 'import' },
      site,
      time: Date.now(),
    },
    rule: denial.rule,
  });
}

/** Modules whose imports were told to the main thread as seen (see `imports-seen`). */
const importsSeen = new Set<string>();

/**
 * Whether a hook, mock or redirect names `specifier` imported from `parentURL`, by name or by its
 * file, whether or not it applied: what the main thread would warn a require() of the importer
 * misses.
 */
function namedImport(specifier: string, parentURL: string): boolean {
  if (names.size === 0 && mocks.size === 0 && redirects.size === 0) return false;
  const key = keyOf(specifier);
  if (names.has(key) || mocks.has(key) || redirects.has(key)) return true;
  if (!namesByFile && !mocksByFile && !redirectsByFile) return false;
  const file = unresolvedFileUrl(specifier, parentURL);
  return file !== undefined && (names.has(file) || mocks.has(file) || redirects.has(file));
}

/** The specifiers each builtin was imported by, while patterns may select builtins. */
const builtinSpecifiers = new Map<string, Set<string>>();

/**
 * A builtin is about to load (a resolve alone, such as `import.meta.resolve`, loads nothing, and
 * the main thread may be blocked in it): if a pattern may select it by a specifier it was
 * imported by, the main thread hands it to those hooks before the importer gets it.
 */
function builtinLoading(url: string): void {
  const specifiers = [...(builtinSpecifiers.get(url) ?? [])].filter(
    (specifier) => config.predicates || regexps.some((r) => testRegExp(r, specifier)),
  );
  if (specifiers.length > 0) ask({ type: 'builtin', specifiers });
}

/** Modules some predicate might select: the main thread decides when they load. */
const asks = new Map<string, Set<string>>();

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await loadHooked(url, context, nextLoad);
  // Only while mocks are in force: what its imports of a mock take is read from it then.
  if (mocks.size > 0 && isImporterSource(url, result.format) && !url.startsWith(MOCK_PREFIX)) {
    importerSources.remember(url, result.source, true);
  }
  return result;
}

async function loadHooked(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  refresh();
  turnSoon();
  if (url.startsWith('node:')) {
    try {
      builtinLoading(url);
    } catch (error) {
      // Never fail an import for bookkeeping: the builtin loads as it is.
      post({
        type: 'warning',
        message: `hookline failed while ${url} loaded`,
        cause: String(error),
      });
    }
    return nextLoad(url, context);
  }
  if (url.startsWith(MOCK_PREFIX)) {
    const id = Number.parseInt(url.slice(MOCK_PREFIX.length), 10);
    const key = mockKeyOf(id);
    if (key !== undefined) {
      await checkAttributes(mockAttributeCheck(key, attributesOf(context)), key, context, nextLoad);
    }
    // A JSON module's only export is its default: so is a mock's of one.
    // Asked for a JSON module's too: the main thread keeps the mock until the module runs.
    const exportsNames = ask({ type: 'mock-names', mock: id }) as string[];
    const names = mocksJson(key) ? [] : exportsNames;
    const source = mockModuleSource(id, names, mocksCommonJsFile(key));
    return { format: 'module', source, shortCircuit: true };
  }
  // A scheme's module is transformed, instrumented and audited as a file's is.
  const fromScheme = schemeOf(url);
  const result = fromScheme ? loadFromScheme(url) : await nextLoad(url, context);
  // import-in-the-middle's wrapper of a module: the module itself is hooked as it loads.
  if (wrappedModuleUrl(url) !== undefined) return result;
  if (fromScheme) {
    const check = attributeCheck(result.format === 'json', attributesOf(context));
    await checkAttributes(check, url, context, nextLoad);
  }
  // A JSON file a hook selects: its handlers run on the main thread, and what they leave is its
  // new source.
  if (result.format === 'json' && result.source != null && selectedFile(url)) {
    const source = ask({ type: 'json', url, source: moduleSourceText(result.source) }) as string;
    return { ...result, source };
  }
  if (isUninstrumentableFormat(result.format)) {
    uninstrumentableLoaded(url, String(result.format));
    // A WebAssembly module's imports are all static: it has no import() (an addon imports none).
    if (config.audit) staticImports.set(url, 'all');
    return result;
  }
  // TypeScript that Node strips of its types (Node 22.6+ before in-thread hooks) too, as in-thread.
  if (!isEsModuleFormat(result.format) || result.source == null) return result;
  if (config.audit) await noteStaticImports(url, result.source);
  const wantsTransform = transformTests.some((t) => t(url) !== false);
  const byPlace = namedInPackage(url);
  // Most modules: nothing to change, and the source goes back to Node as it came, undecoded.
  if (!wantsTransform && !selectedFile(url) && !targets.has(url) && byPlace.length === 0) {
    return result;
  }
  const byFile = namesByFile && names.has(fileKey(url)) ? fileKey(url) : undefined;
  let source = moduleSourceText(result.source);
  if (wantsTransform) {
    const typeScript = result.format === 'module-typescript';
    source = ask({ type: 'transform', url, source, typeScript }) as string;
  }
  let specifiers: string[] | undefined = roots.has(url) ? [...(roots.get(url) ?? [])] : undefined;
  if (byFile) specifiers = [...(specifiers ?? []), byFile];
  if (byPlace.length > 0) specifiers = [...new Set([...(specifiers ?? []), ...byPlace])];
  const maybe = asks.get(url);
  if (maybe) {
    const matched = ask({ type: 'match', specifiers: [...maybe] }) as string[];
    if (matched.length > 0) specifiers = [...(specifiers ?? []), ...matched];
  }
  if (!specifiers && targets.has(url)) specifiers = [];
  if (specifiers) {
    try {
      const instrumented = instrumentCached(source, url, specifiers);
      if (instrumented) {
        for (const s of instrumented.reexportSources) pendingReexports.add(`${url}\0${s}`);
        source = instrumented.code;
      }
    } catch (error) {
      post({
        type: 'warning',
        message: `hookline could not hook ${url}; it loads unpatched`,
        // As text: the main thread gets no error object, and the permission model's own fields
        // (the file it denied) would be lost with it.
        cause: causeText(error),
      });
    }
  }
  return { ...result, source };
}

/**
 * The names hooks give a module by its place in its package (`eo/impl` for the file an `exports`
 * subpath maps to), however it was reached: by that name, or by the package's own relative
 * import. As the in-thread hooks find them (dispatch.ts).
 */
function namedInPackage(url: string): string[] {
  return hookedNamesByPlace(url, packageNames, (name) => names.has(name));
}

/**
 * A module with no JavaScript to instrument (WebAssembly) loaded: the hooks that select it (by
 * name, pattern, file or place in a package) are told they cannot apply to it.
 */
function uninstrumentableLoaded(url: string, format: string): void {
  const specifiers = new Set(roots.get(url));
  if (namesByFile && names.has(fileKey(url))) specifiers.add(fileKey(url));
  for (const name of namedInPackage(url)) specifiers.add(name);
  if (specifiers.size > 0) {
    post({
      type: 'warning',
      message: uninstrumentableMessage(url, format, [...specifiers]),
      cause: '',
    });
  }
}

/** The key (file URL or specifier) a mock was declared under. */
function mockKeyOf(id: number): string | undefined {
  for (const [key, mock] of mocks) if (mock === id) return key;
  return undefined;
}

/** Node's check of an import's attributes on a stand-in; its error names the module, `name`. */
async function checkAttributes(
  check: AttributeCheck | undefined,
  name: string,
  context: object,
  nextLoad: NextLoad,
): Promise<void> {
  if (!check) return;
  try {
    await nextLoad(check.url, { ...context, format: check.format });
  } catch (error) {
    throw naming(error, check, name);
  }
}

function attributesOf(context: object): Record<string, string> | undefined {
  return (context as { importAttributes?: Record<string, string> }).importAttributes;
}

/** A scheme's module, which the main thread's loader gives. */
function loadFromScheme(url: string): LoadResult {
  const module = ask({ type: 'scheme', url, base: programBase(url) }) as {
    source: string;
    format: string;
  };
  return { format: module.format, source: module.source, shortCircuit: true };
}

/** The static imports noted for the program given as code become those of its URL, once. */
async function takeEvalImports(url: string): Promise<void> {
  await evalImportsNoted;
  evalImportsNoted = undefined;
  const statics = staticImports.get(evalKey);
  staticImports.delete(evalKey);
  if (statics !== undefined && !staticImports.has(url)) staticImports.set(url, statics);
}

/** Whether a hook may select the module at `url`: by a resolved name, its file, or a test. */
function selectedFile(url: string): boolean {
  return roots.has(url) || asks.has(url) || (namesByFile && names.has(fileKey(url)));
}

/**
 * Records which imports of a module are static, to tell `import()` apart when its requests
 * resolve. A module whose bytes hold no `import(` (the usual case) is all static, and is neither
 * decoded nor lexed.
 */
async function noteStaticImports(
  url: string,
  source: string | ArrayBuffer | Uint8Array,
): Promise<void> {
  const bytes =
    typeof source === 'string'
      ? undefined
      : source instanceof Uint8Array
        ? Buffer.from(source.buffer, source.byteOffset, source.byteLength)
        : Buffer.from(source);
  const mayImportDynamically = bytes
    ? bytes.includes('import(') || bytes.includes('import (')
    : /\bimport\s*\(/.test(source as string);
  if (!mayImportDynamically) {
    staticImports.set(url, 'all');
    return;
  }
  try {
    // The lexer (WebAssembly) loads with the first module that needs it; compiling it
    // asynchronously leaves this thread free to answer other loads meanwhile.
    await lexer().init();
    const [imports] = lexer().parse(lexable(sourceText(source)));
    staticImports.set(
      url,
      new Set(
        imports.flatMap((i) => (i.type === 'dynamic' || i.specifier == null ? [] : [i.specifier])),
      ),
    );
  } catch {
    // The lexer refused the source: Node will report the syntax error itself; without the
    // list, this module's imports are all reported as static.
    staticImports.set(url, 'all');
  }
}

function testRegExp(regexp: RegExp, text: string): boolean {
  regexp.lastIndex = 0;
  return regexp.test(text);
}
