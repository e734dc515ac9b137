import { builtinModules, isBuiltin } from 'node:module';
import { isAsyncFunction } from '../internal/async-function.js';
import { callerUrl } from '../internal/caller.js';
import { CodePart, useCode } from '../internal/code-use.js';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { ownRequire } from '../internal/lazy-require.js';
import { internally } from '../internal/own-loads.js';
import { createUnhook, type Unhook } from '../internal/unhook.js';
import { applyToBuiltin } from './apply.js';
import { applyToLoaded, warnEvaluated, warnUnwatchedEsm } from './apply-to-loaded.js';
import { builtinExports } from './builtin-exports.js';
import { isBuiltinLoaded } from './builtin-hooks.js';
import { mayLoadAsEsm } from './esm-capable.js';
import { warnIfFileNamedAsPackage } from './file-named-as-package.js';
import { watchGetBuiltinModule } from './get-builtin-module.js';
import { importInfo } from './info.js';
import {
  ensureEsmHooks,
  ensureInstalled,
  esmLoadsWatched,
  esmLoadsWatchedNow,
  esmSourcesHooked,
  isPreloading,
  mayHaveLoadedUnseen,
} from './install.js';
import { compileMatcher, isPackageImportsName, matchesPattern } from './matcher.js';
import { warnIfMistypedBuiltin } from './mistyped-builtin.js';
import { watchNeverRun } from './never-ran.js';
import { type ImportHook, registry } from './registry.js';
import { warnIfRunnerCannotSee } from './test-runner.js';
import type { ImportHandler, ImportMatcher } from './types.js';

/**
 * Calls `handler` with a module's exports when it loads — by `import`, `import()`, `require`
 * or `createRequire`, as CommonJS, ES module, builtin (`fs` and `node:fs` alike) or JSON file
 * (required, or imported `with { type: 'json' }`: its parsed value). `match` names
 * packages, builtins, or files of the program (`./conf.js` relative to the calling file, an
 * absolute path, a `file:` URL), or is a RegExp or predicate on the specifier. A value the
 * handler returns replaces what importers see; assigning to `exports` changes single exports (of
 * an ES module too: importers' named imports follow). CommonJS modules and builtins already loaded
 * are handed over at once; an ES module already loaded cannot change, and a warning says so.
 * A handler that throws is reported as a `HooklineWarning`, and the module loads unpatched; so is
 * one that returns a promise, which does not compile either.
 *
 * @example
 * ```ts
 * import { onImport } from 'hookline/modules';
 * using _ = onImport('node:fs', (fs) => {
 *   const readFileSync = fs.readFileSync;
 *   fs.readFileSync = (...args: unknown[]) => (console.log('read', args[0]), readFileSync(...args));
 * });
 * ```
 */
export function onImport<Result>(match: ImportMatcher, handler: ImportHandler<Result>): Unhook {
  useCode(CodePart.onImport);
  let caller: string | undefined;
  const matcher = compileMatcher(
    match,
    'onImport(match, handler)',
    () => (caller ??= callerUrl(onImport)),
  );
  if (typeof handler !== 'function') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `onImport(${JSON.stringify(matcher.text)}, handler)`,
      expected: 'a handler function (exports, info) => newExports | undefined',
      received: describeValue(handler),
      fix: 'Pass a function that receives the module exports.',
    });
  }
  if (isAsyncFunction(handler)) {
    // Refused before it can run: what it changed after its first `await` would land once the
    // module had loaded "unpatched", recorded nowhere, so that no undo could restore it.
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: `onImport(${JSON.stringify(matcher.text)}, handler)`,
      expected: 'a handler that returns synchronously (modules load synchronously)',
      received: `the async function ${handler.name || '(anonymous)'}`,
      fix: 'Drop `async`: change or replace the exports before the handler returns. What an async handler changed after an await would land after the module loaded, and no undo would restore it.',
    });
  }
  for (const name of matcher.names) {
    warnIfMistypedBuiltin(name, `onImport(${JSON.stringify(matcher.text)})`);
  }
  for (const name of typeof match === 'string' ? [match] : Array.isArray(match) ? match : []) {
    const where = `onImport(${JSON.stringify(name)})`;
    warnIfFileNamedAsPackage(name, () => (caller ??= callerUrl(onImport)), where);
  }
  warnIfRunnerCannotSee(
    'onImport',
    `onImport(${JSON.stringify(matcher.text)}, handler)`,
    matcher.names,
  );
  ensureInstalled();
  // ES modules that loaded unwatched can only be found by asking the inspector, which is slow
  // and slows down what loads after it; before the program starts there are none to find.
  const esmWatchedBefore = esmLoadsWatched() || isPreloading();
  // Whether a name may load as an ES module is told from its package, which may mean reading its
  // entry file (typescript's is 9 MB): not asked where ES module sources are hooked already and
  // watched, where the answer would change nothing.
  const esm =
    (esmWatchedBefore && esmSourcesHooked()) ||
    matcher.names.some(mayLoadAsEsm) ||
    matcher.regexps.length > 0 ||
    matcher.predicate !== undefined;
  // Names and files are recognised from the path of each module as it loads; patterns (tested
  // on specifiers as written) and package.json `imports` names (`#internal/x`, which each
  // package maps to files of its own) are told only by watching resolutions.
  const patterns = matcher.regexps.length > 0 || matcher.predicate !== undefined;
  const resolutions = patterns || matcher.names.some(isPackageImportsName);
  if (esm) ensureEsmHooks(`onImport(${matcher.text})`, { resolve: resolutions, load: true });
  // Builtins a pattern selects are handed over as they load, by any of the ways to load them.
  if (patterns) watchGetBuiltinModule();
  const hook: ImportHook = { matcher, handler, undo: [] };
  watchNeverRun(hook);
  registry.addImportHook(hook);
  for (const name of builtinsOf(hook)) {
    // Taking the builtin is hookline's own load, not one of the program's to report or mock.
    const exports = internally(() => builtinExports(name));
    applyToBuiltin(exports, hook, importInfo(name, 'builtin', name));
  }
  // ES modules it selects that loaded already (run or not): named in one warning.
  const evaluated = new Map<string, string>();
  const handled = applyToLoaded(hook, ownRequire().cache, evaluated, mayHaveLoadedUnseen());
  if (esm && !esmWatchedBefore) {
    warnUnwatchedEsm(hook, ownRequire().cache, handled, esmLoadsWatchedNow(), evaluated);
  }
  warnEvaluated(hook.matcher, evaluated);
  return createUnhook(() => {
    registry.removeImportHook(hook);
    for (const undo of hook.undo.reverse()) undo();
  });
}

/**
 * The builtins a hook gets at once: those it names, and those its patterns accept among the
 * builtins already loaded. The others its patterns accept are handed over when the program loads
 * them (see builtinRequested): loading every builtin a pattern matches would print deprecation
 * and experimental warnings into the program, or fail it under `--throw-deprecation`.
 */
function builtinsOf(hook: ImportHook): string[] {
  // A builtin this Node does not have (node:sqlite on Node 20) is like a package that is not
  // installed: the hook never fires.
  const found = hook.matcher.names.filter((name) => name.startsWith('node:') && isBuiltin(name));
  if (hook.matcher.regexps.length > 0 || hook.matcher.predicate) {
    for (const name of builtinModules) {
      const id = name.startsWith('node:') ? name : `node:${name}`;
      if (found.includes(id) || !isBuiltinLoaded(id)) continue;
      if (safeMatch(hook, name) || safeMatch(hook, id)) found.push(id);
    }
  }
  return found;
}

function safeMatch(hook: ImportHook, specifier: string): boolean {
  try {
    return matchesPattern(hook.matcher, specifier);
  } catch {
    // A predicate that throws on a builtin's name does not select it; registry.hooksFor
    // reports throwing predicates when real imports are matched.
    return false;
  }
}
