import { builtinModule } from '../../internal/captured.js';
import type { Target } from '../target.js';
import type { AuditEventArgs } from '../types.js';

// Taken as the event is installed: importing hookline/audit loads none of the modules it audits.
const vm = () => builtinModule('node:vm');

/**
 * The file name vm is given: a string, or options with `filename` (a module's `identifier`).
 */
function filenameOf(options: unknown, option: 'filename' | 'identifier'): string | undefined {
  if (typeof options === 'string') return options;
  const filename = (options as Record<string, unknown> | undefined)?.[option];
  return typeof filename === 'string' ? filename : undefined;
}

/** vm's classes, whose `new` compiles: `Script`, and `SourceTextModule` (--experimental-vm-modules). */
const classes = new Set(['Script', 'SourceTextModule']);

function compiling(key: string, optionsAt: number): Target {
  const option = key === 'SourceTextModule' ? 'identifier' : 'filename';
  return {
    // A class vm has only under a flag is watched where it has it.
    owner: () => (typeof (vm() as Record<string, unknown>)[key] === 'function' ? vm() : undefined),
    key,
    runsCode: key.startsWith('run'),
    style: 'sync',
    read: (args): AuditEventArgs['code.eval'] =>
      ({
        kind: 'vm',
        code: String(args[0]),
        filename: filenameOf(args[optionsAt], option),
        api: classes.has(key) ? `new vm.${key}` : `vm.${key}`,
      }) as never,
  };
}

/** node:module's `Module`, whose prototype's `_compile` runs a CommonJS module from its source. */
const moduleClass = () => builtinModule('node:module') as unknown as { prototype: object };

/**
 * `module._compile(code, filename)` called by the program: a module made of a string (the way
 * require-from-string, and code that downloads code, run it). Node calls it for every file it
 * loads, which is no event (`programCallersOnly`); the module's body runs inside the call, and
 * what it does is the program's (`runsCode`).
 */
const compilingModule: Target = {
  owner: () => moduleClass().prototype,
  key: '_compile',
  runsCode: true,
  programCallersOnly: true,
  style: 'sync',
  read: (args): AuditEventArgs['code.eval'] =>
    ({
      kind: 'module',
      code: String(args[0]),
      filename: typeof args[1] === 'string' ? args[1] : undefined,
      api: 'Module.prototype._compile',
    }) as never,
};

// eval is not wrapped: a replaced global eval makes every direct eval an indirect one (its code
// no longer sees the caller's variables); V8 tells of its compiles (./compiled-strings.ts). new
// Function is, by ./function-constructors.ts.
export const codeEval: readonly Target[] = [
  compiling('Script', 1),
  compiling('runInThisContext', 1),
  compiling('runInContext', 2),
  compiling('runInNewContext', 2),
  compiling('compileFunction', 2),
  compiling('SourceTextModule', 1),
  compilingModule,
];
