import { Module, register } from 'node:module';
import { isRegExp } from 'node:util/types';
import type * as WorkerThreads from 'node:worker_threads';
import { cacheBase } from '../../internal/cache-folder.js';
import { structuredStack } from '../../internal/call-site.js';
import { epochOf } from '../../internal/clock.js';
import { debug } from '../../internal/debuglog.js';
import { lazyRequire } from '../../internal/lazy-require.js';
import { onOwnExit } from '../../internal/own-exit.js';
import { warn } from '../../internal/warning.js';
import { emitImport, setEarlierEventsFlush } from '../audit.js';
import { builtinRequested } from '../builtin-hooks.js';
import { jsonImported, resolved } from '../dispatch.js';
import { importDenials } from '../import-gate.js';
import { lackingMockExports, mockModuleLoaded } from '../mock-exports.js';
import { registry } from '../registry.js';
import {
  checkSchemeModule,
  commonJsStandIn,
  formatOf,
  loadSchemeSync,
  noteProgramBase,
} from '../scheme.js';
import { sourceText } from '../source-text.js';
import { noteImportedRewrite } from '../transform-imported.js';
import { matchingTransforms, rewriteSource } from '../transform-source.js';
import type { Request, ThreadConfig, ToMain, ToThread, TransformTest } from './protocol.js';
import { noteImportsSeen } from './required-esm-imports.js';

const threads = lazyRequire<typeof WorkerThreads>('node:worker_threads');

let port: WorkerThreads.MessagePort | undefined;

/**
 * Node 20 runs `--require` preloads on its loader thread too, when that thread starts. A preload
 * that adds ES module hooks would start a loader thread from there, and Node 20 fails that
 * (`register` with a message port, on the loader thread): the thread dies and the process exits
 * with code 1, silently. The hooks are the main thread's; on the loader thread hookline starts
 * nothing. Told from the stack, once, as this module is first evaluated: the preload is what
 * loads it there. Not asked where `module.registerHooks` exists (0.2 ms of every start-up), as
 * hookline starts no loader thread there.
 */
const preloadedInLoaderThread =
  typeof (Module as { registerHooks?: unknown }).registerHooks !== 'function' &&
  runsOnLoaderThread();

/**
 * Whether Node's loader thread is evaluating this module: read from V8's structured frames, not
 * the stack's text, whose formatting works out every frame's line in its script (0.5 ms of every
 * start-up on Node 20, for hookline's own script).
 */
function runsOnLoaderThread(): boolean {
  return structuredStack(runsOnLoaderThread, Number.POSITIVE_INFINITY).some((frame) =>
    frame.getFileName()?.startsWith('node:internal/modules/esm/worker'),
  );
}
let revision: Int32Array | undefined;
let replied: Int32Array | undefined;
/** See `reports` in thread.ts: [0] reports not posted yet, [1] messages posted. */
let reports: Int32Array | undefined;
/** Messages taken from the port so far; fewer than posted means some wait in it. */
let received = 0;
/** How long the main thread waits for the loader thread to post its reports, at most. */
const REPORTS_TIMEOUT = 1000;

/**
 * Node's off-thread loader (`module.register`), started only when an ES module must be hooked
 * where `module.registerHooks` does not exist. It costs start-up time even when idle, which is
 * why nothing else starts it.
 */
export function installOffThread(): void {
  if (port || threadRefused) return;
  if (preloadedInLoaderThread) {
    debug("a --require preload runs on Node's loader thread too: no loader thread of its own");
    return;
  }
  if (workersDenied()) {
    threadRefused = true;
    warn(
      "ES modules load unhooked: on Node 20 hookline hooks them from Node's loader thread, which the permission model refuses without --allow-worker. Add --allow-worker (or run Node 22.15+, which hooks them in-thread); CommonJS modules and builtins are hooked as usual",
    );
    return;
  }
  const channel = new (threads().MessageChannel)();
  port = channel.port1;
  revision = new Int32Array(new SharedArrayBuffer(4));
  replied = new Int32Array(new SharedArrayBuffer(4));
  reports = new Int32Array(new SharedArrayBuffer(8));
  register(new URL('./thread.js', import.meta.url), {
    data: {
      port: channel.port2,
      revision,
      replied,
      reports,
      cacheBase: cacheBase(),
      // The program given as code (-e, stdin), whose source the thread does not otherwise see.
      evalSource: evalSource(),
    },
    transferList: [channel.port2],
  });
  port.on('message', receive);
  port.unref();
  setEarlierEventsFlush(takeReports);
  // The last imports' events may still be on their way when the program ends.
  onOwnExit(() => {
    if (registry.auditors.size > 0) takeReports();
  });
  registry.onChange(sendConfig);
  sendConfig();
  debug('off-thread module loader started (module.register)');
}

/** Set when the permission model refused the loader thread: it is not asked for again. */
let threadRefused = false;

/**
 * Whether the permission model (`--experimental-permission`) is on without `--allow-worker`:
 * `module.register` would then throw ERR_ACCESS_DENIED as it starts the thread, from whichever
 * hook first needed it. `process.permission` exists only under the permission model.
 */
function workersDenied(): boolean {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  return permission !== undefined && !permission.has('worker');
}

/** The program's code when it was given as code (`-e`, stdin), which Node keeps as `process._eval`. */
function evalSource(): string | undefined {
  const source = (process as { _eval?: unknown })._eval;
  return typeof source === 'string' ? source : undefined;
}

/** Whether the loader thread runs. */
export function offThreadInstalled(): boolean {
  return port !== undefined;
}

function sendConfig(): void {
  if (!port || !revision) return;
  const message: ToThread = { type: 'config', config: snapshot() };
  port.postMessage(message);
  // The thread checks this counter before each resolve and load, and drains its port at once
  // when it moved, so a hook added just before an import is always known to that import.
  Atomics.add(revision, 0, 1);
}

function snapshot(): ThreadConfig {
  const regexps: [string, string][] = [];
  let predicates = false;
  for (const hook of registry.patternHooks) {
    for (const r of hook.matcher.regexps) regexps.push([r.source, r.flags]);
    if (hook.matcher.predicate) predicates = true;
  }
  const transforms: TransformTest[] = [...registry.transforms].map((t) =>
    typeof t.filter === 'function'
      ? { kind: 'ask' }
      : isRegExp(t.filter)
        ? { kind: 'regexp', source: t.filter.source, flags: t.filter.flags }
        : { kind: 'prefix', prefixes: t.prefixes ?? [] },
  );
  return {
    names: [...registry.hooksByName.keys()],
    regexps,
    predicates,
    mocks: [...registry.mocks].map(([key, entry]) => [key, entry.id] as const),
    redirects: [...registry.redirects].map(([key, r]) => ({
      key,
      url: r.url,
      root: r.root,
      base: r.base,
      installed: r.installed,
      folder: r.folder,
      specifier: r.specifier,
    })),
    schemes: [...registry.schemes.keys()],
    transforms,
    audit: registry.auditors.size > 0,
    denials: importDenials,
  };
}

/**
 * Takes in, in order, everything the loader thread reported before now: once it has posted what
 * it holds (audit events leave when its event loop next turns), what waits in the port.
 */
function takeReports(): void {
  if (!port || !reports) return;
  if (Atomics.load(reports, 0) === 1 && !threadSilent) waitForReports(reports);
  while (Atomics.load(reports, 1) !== received) {
    const m = threads().receiveMessageOnPort(port);
    if (!m) break;
    receive(m.message as ToMain);
  }
}

/** Set once the thread let a wait time out: it is stuck or gone, and is not waited for again. */
let threadSilent = false;

function waitForReports(reports: Int32Array): void {
  const deadline = Date.now() + REPORTS_TIMEOUT;
  while (Atomics.load(reports, 0) === 1) {
    const left = deadline - Date.now();
    if (left <= 0) {
      threadSilent = true;
      debug(
        'the loader thread did not post its reports within %d ms; no longer waited for',
        REPORTS_TIMEOUT,
      );
      return;
    }
    Atomics.wait(reports, 0, 1, left);
  }
}

function receive(message: ToMain): void {
  received += 1;
  handle(message);
}

/** Handles what the thread reported, synchronously (in order); requests are answered async. */
function handle(message: ToMain): void {
  switch (message.type) {
    case 'batch':
      for (const one of message.messages) handle(one);
      return;
    case 'warning':
      warn(message.message, message.cause);
      return;
    case 'imports-seen':
      noteImportsSeen(message.url);
      return;
    case 'resolved':
      resolved(message.specifier, message.parentURL, message.url, message.format, false);
      return;
    case 'audit':
      if (message.parentURL !== undefined) noteImportsSeen(message.parentURL);
      emitImport(
        message.specifier,
        message.url,
        message.parentURL,
        message.dynamic ? 'dynamic-import' : 'import',
        epochOf(message.monotonic),
        true,
        message.denied,
      );
      return;
    case 'request':
      void reply(message.id, message.request);
      return;
  }
}

async function reply(id: number, request: Request): Promise<void> {
  let message: ToThread;
  try {
    message = { type: 'reply', id, value: await answer(request) };
  } catch (error) {
    message = {
      type: 'reply',
      id,
      error: error instanceof Error ? error.message : String(error),
      code: (error as { code?: unknown } | null)?.code,
      // Where it was thrown: the program's loader, whose frames the thread's error would lack.
      stack: error instanceof Error ? error.stack : undefined,
      fields: error instanceof Error ? crossingFields(error) : undefined,
    };
  }
  port?.postMessage(message);
  if (replied) {
    Atomics.store(replied, 0, 1);
    Atomics.notify(replied, 0);
  }
}

/**
 * What of `error` the loader thread can give the importer besides its message, stack and code:
 * its name and the own fields that can be copied across threads (a HooklineError's `details`, a
 * loader's own), so that an import on Node 20 fails with what a loader threw, as in-thread.
 */
function crossingFields(error: Error): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  if (error.name !== 'Error') fields['name'] = error.name;
  for (const key of Object.keys(error)) {
    if (key === 'code' || key === 'stack' || key === 'message') continue;
    try {
      fields[key] = structuredClone(error[key as keyof Error]);
    } catch {
      // A function or the like: it cannot cross, and stays behind.
    }
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

async function answer(request: Request): Promise<unknown> {
  switch (request.type) {
    case 'mock-names':
      return mockModuleLoaded(request.mock);
    case 'mock-lacks':
      return (
        lackingMockExports(request.mock, request.specifier, request.names, request.importer) ?? null
      );
    case 'scheme': {
      const entry = registry.schemes.get(request.url.slice(0, request.url.indexOf(':') + 1));
      if (!entry) throw new Error(`no scheme is registered for ${request.url} any more`);
      // Node runs a CommonJS one here, and its require must look where its imports do.
      noteProgramBase(request.url, request.base);
      // Only a scheme registered with { async: true } is waited for: Node 24 cannot wait for
      // any, and a program should not work on Node 20 only to fail at its first import there.
      const module = entry.async
        ? checkSchemeModule(request.url, await entry.loader(new URL(request.url)))
        : loadSchemeSync(entry, request.url, 'import');
      const format = formatOf(request.url, module);
      if (format === 'commonjs') {
        return { source: commonJsStandIn(request.url, module), format };
      }
      return { source: sourceText(module.source), format };
    }
    case 'transform':
      return transformForImport(request.url, request.source, request.typeScript);
    case 'json':
      return jsonImported(request.url, request.source);
    case 'builtin':
      for (const specifier of request.specifiers) builtinRequested(specifier);
      return null;
    case 'match':
      return request.specifiers.filter((s) => {
        try {
          return registry.hooksFor(s).length > 0;
        } catch (error) {
          warn(`matching ${s} failed`, error);
          return false;
        }
      });
  }
}

/**
 * An imported ES module's source after the transforms that select it. Noted: a require of the
 * module (which Node makes from the import's) does not run them again (transform-imported.ts).
 */
function transformForImport(url: string, source: string, typeScript: boolean): string {
  const transforms = matchingTransforms(url);
  if (transforms.length === 0) return source;
  const rewrite = rewriteSource(source, { url, format: 'module', typeScript }, transforms);
  noteImportedRewrite(url, transforms, rewrite, undefined);
  return rewrite.code;
}
