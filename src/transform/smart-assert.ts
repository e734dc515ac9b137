import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Acorn from 'acorn';
import type MagicStringClass from 'magic-string';
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { lazyRequire } from '../internal/lazy-require.js';
import type { TransformInfo, TransformResult } from '../modules/index.js';
import { assertBindings, assertCalls, importNamespaces } from './assert-bindings.js';
import { calledFunction, inOwnFunction } from './ast.js';
import { type Anchor, anchorOf, between, instrument, sourceText } from './instrument.js';
import { type AssertLayout, installRuntime, RUNTIME_KEY } from './runtime.js';
import { type SourceAsWritten, sourceAsWritten } from './source-as-written.js';

// The parser and the editor load with the first module that names an assert, not at start-up.
const acorn = lazyRequire<typeof Acorn>('acorn');
const magicString = lazyRequire<typeof MagicStringClass>('magic-string');

/** What rewritten code calls its runtime by: a global symbol, so no import need resolve. */
const RUNTIME = `globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})]`;

/**
 * The transform behind `HOOKLINE_TRANSFORM=assert`: rewrites each `assert(expr)` and
 * `assert.ok(expr)` (and `ok(expr)`) of node:assert in a module so that, when it fails, the
 * `AssertionError` shows the value of every sub-expression of `expr` under it, power-assert's
 * diagram of the assert's line (an assert over several lines lists them, in the order they were
 * evaluated, then the whole expression's). Each sub-expression is evaluated once, as written
 * (`&&`, `||`, `??`, `?:` and `?.` still short-circuit); the lines of the module stay where
 * they were, and the source map it returns keeps the columns. A module that names no such
 * assert is left as it is; one that does not parse is reported and left as it is, by
 * {@link transform}'s usual warning. Give it to `transform()` of `hookline/modules` with the
 * files it should rewrite, or call {@link useSmartAssert}.
 *
 * @example
 * ```ts
 * import { transform } from 'hookline/modules';
 * import { smartAssert } from 'hookline/transform';
 * transform('test/', smartAssert);
 * ```
 */
export function smartAssert(source: string, info: TransformInfo): TransformResult {
  checkArguments(source, info);
  // Most modules name no assert: they cost a search, not a parse.
  if (!source.includes('assert')) return undefined;
  // What Node was given tells TypeScript, not the URL: under tsx a `.ts` file comes compiled.
  // A transformer called by hand may not be told: then the extension says.
  const typeScript = info.typeScript ?? /\.[cm]?ts$/.test(new URL(info.url).pathname);
  // TypeScript is parsed once Node's own stripping has blanked its types: every position stays
  // where it was, and what is returned is JavaScript, which is TypeScript too.
  const code = typeScript ? stripTypes(source) : source;
  const program = acorn().parse(code, {
    ecmaVersion: 'latest',
    sourceType: info.format === 'module' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: info.format === 'commonjs',
    allowAwaitOutsideFunction: info.format === 'module',
  });
  const bindings = assertBindings(program);
  if (bindings.size === 0) return undefined;
  const calls = assertCalls(program, bindings);
  if (calls.length === 0) return undefined;
  installRuntime();
  const MagicString = magicString();
  const edited = new MagicString(code);
  const rewriting: Rewriting = {
    edited,
    original: source,
    code,
    recorder: freeName(code, '$hooklineRecording'),
    namespaces: importNamespaces(program),
    asWritten: sourceAsWritten(source, info.url),
  };
  for (const call of calls) instrumentCall(call, rewriting);
  const file = info.url.startsWith('file:') ? basename(fileURLToPath(info.url)) : info.url;
  return {
    code: edited.toString(),
    map: edited.generateMap({ source: file, includeContent: true, hires: true }),
  };
}

/**
 * A TypeScript source with its types blanked, by Node's own stripping. Node warns that the
 * function is experimental; the program did not call it, and Node strips the same types itself
 * without a word, so that warning is held back while it runs.
 */
function stripTypes(source: string): string {
  const module = process.getBuiltinModule('node:module') as typeof import('node:module') & {
    stripTypeScriptTypes?: (code: string, options?: { mode?: 'strip' }) => string;
  };
  const strip = module.stripTypeScriptTypes;
  if (typeof strip !== 'function') {
    throw new Error('this Node has no module.stripTypeScriptTypes to read TypeScript with');
  }
  const emitWarning = process.emitWarning;
  process.emitWarning = function quiet(this: NodeJS.Process, warning, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('stripTypeScriptTypes is an experimental feature')) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return strip(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** `preferred`, or with a number after it, such that the source never names it. */
function freeName(source: string, preferred: string): string {
  let name = preferred;
  for (let n = 1; source.includes(name); n++) name = `${preferred}${n}`;
  return name;
}

/** What the rewriting of a module's asserts works on. */
interface Rewriting {
  readonly edited: MagicStringClass;
  /** The source as the transform was given it, and as parsed (TypeScript's types blanked). */
  readonly original: string;
  readonly code: string;
  /** The name of the recording in rewritten code: one the module does not use. */
  readonly recorder: string;
  /** The namespaces esbuild reads a CommonJS module's imported names from (`import_math`). */
  readonly namespaces: ReadonlySet<string>;
  /** The source a loader compiled the module from, where its source map leads to it. */
  readonly asWritten: SourceAsWritten | undefined;
}

/**
 * The layout of a call as the transform was given it, where it is on one line: a loader's
 * output (tsx's, without its spaces) where the source as written could not be placed.
 */
function compiledLayout(
  call: Acorn.CallExpression,
  original: string,
  anchors: readonly Anchor[],
): AssertLayout | undefined {
  const written = original.slice(call.start, call.end);
  // A diagram needs the call on one line; a tab is shown as a space, so columns stay columns.
  if (written.includes('\n')) return undefined;
  return {
    line: written.replaceAll('\t', ' '),
    columns: anchors.map((anchor) => anchor.at - call.start),
  };
}

/**
 * Rewrites `assert(expr, ...rest)` as
 * `runtime.ok(assert)(((r) => r.e((expr')))(runtime.r(texts)), ...rest)`, where `expr'` is
 * `expr` with each sub-expression `x` as `r.v((x), i)`. The callee is evaluated first, the
 * expression next, the rest after it, as before. The recording is a parameter of an arrow
 * function called at once: one per evaluation, so recursion and concurrent async calls each have
 * their own; `this`, `arguments`, `super` and `new.target` mean in an arrow what they meant
 * around it. An expression that awaits is wrapped in an async arrow, awaited. Only insertions,
 * none with a line break (the name to the `(` is rewritten as it was, with the `)` in it): every
 * line stays where it was.
 */
function instrumentCall(call: Acorn.CallExpression, rewriting: Rewriting): void {
  const { edited, original, code, recorder, namespaces } = rewriting;
  const expression = call.arguments[0] as Acorn.Expression;
  const texts: string[] = [];
  const anchors: Anchor[] = [];
  const record = (node: Acorn.AnyNode) => {
    texts.push(sourceText(original, node));
    anchors.push(anchorOf(node, code, namespaces));
    edited.prependRight(node.start, `${recorder}.v((`);
    edited.appendLeft(node.end, `),${texts.length - 1})`);
  };
  instrument(expression, false, record, namespaces);
  texts.push(sourceText(original, expression));
  anchors.push(anchorOf(expression, code, namespaces));
  // In esbuild's `(0, import_node_assert.default)(…)`, the assert is the member inside.
  const callee = calledFunction(call.callee);
  const layout =
    rewriting.asWritten?.layout(callee.start, call.end - 1, anchors) ??
    compiledLayout(call, original, anchors);
  const awaits = inOwnFunction(expression, 'AwaitExpression');
  // V8 puts a call whose callee ends in a name (`assert`, `ok` of `assert.ok`) at that name, and
  // any other at its `(`, as this one, whose callee ends in `)`. Written as one edit from the name
  // to the `(`, that stretch maps to the name: a stack traced through the source map points where
  // the assert's own would, not at the `(`.
  const name = callee.type === 'MemberExpression' ? callee.property : callee;
  const opening = between(code, '(', callee.end, expression.start) as number;
  edited.overwrite(
    name.start,
    opening + 1,
    `${code.slice(name.start, callee.end)})${code.slice(callee.end, opening + 1)}`,
  );
  edited.prependRight(callee.start, `${RUNTIME}.ok(`);
  edited.prependRight(
    expression.start,
    `${awaits ? 'await (async ' : '('}(${recorder})=>${recorder}.e((`,
  );
  const recording = [texts, ...(layout ? [layout] : [])].map((part) => JSON.stringify(part));
  edited.appendLeft(expression.end, `)))(${RUNTIME}.r(${recording.join(',')}))`);
}

/** Refuses what is no module's source and transform info (smartAssert called by hand). */
function checkArguments(source: unknown, info: unknown): void {
  const where = 'smartAssert(source, info)';
  const fix =
    "Give it to transform() of hookline/modules, which calls it for each module, or call it with a module's source and { url, format }.";
  if (typeof source !== 'string') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: "the module's source as a string",
      received: describeValue(source),
      fix,
    });
  }
  if (
    typeof info !== 'object' ||
    info === null ||
    typeof (info as TransformInfo).url !== 'string'
  ) {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where,
      expected: "the module's { url, format } as info",
      received: describeValue(info),
      fix,
    });
  }
}
