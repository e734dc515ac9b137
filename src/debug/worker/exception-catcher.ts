import type { AnyNode, Program } from 'acorn';
import { base } from 'acorn-walk';
import type { PausedProgram } from './paused-program.js';
import { offsetOf, parseScript } from './script-source.js';

// Who catches an exception V8 calls caught. V8 predicts it at the throw, from the try/catch
// around each frame on the stack, and Node's module loader evaluates the program's modules
// inside one of its own: `ModuleJob.run` awaits the module's evaluation in a try/catch that
// passes the exception on, so an exception thrown while the main module's top level runs (an ES
// module's, or a CommonJS one's when `--import` made Node load it through its ES module loader)
// is "caught" for V8, and ends the program all the same. Reading the stack's source as V8 does
// tells that catch apart from the program's own.

/** Where an exception V8 saw as caught is caught, as its synchronous stack tells. */
export type Catcher =
  /** A try/catch of the program's (or of Node's, other than the loader's). */
  | 'program'
  /** Node's module loader evaluating the main module: the exception ends the program. */
  | 'main-module-loader'
  /** Node's module loader evaluating another module (`import()`, `--import`): passed on to it. */
  | 'module-loader'
  /**
   * Past what the stack tells: an async function turns it into a rejection, a built-in catches it
   * (the Promise constructor), or a frame's source does not parse.
   */
  | 'unknown';

/** The script of Node's that evaluates modules, with `ModuleJob.run` and its try/catch. */
const MODULE_JOB = 'node:internal/modules/esm/module_job';

/**
 * The catcher of the exception `program` is paused at. Walks the frames from the one that threw,
 * as V8 does: the first whose position is inside the `try` block of a try/catch of its own
 * function catches it.
 */
export async function catcherOf(program: PausedProgram): Promise<Catcher> {
  // No module evaluated by the loader on the stack (a plain CommonJS program's requires): what
  // V8 says stands, and no source needs reading.
  if (!program.frames.some((_frame, index) => program.urlOf(index) === MODULE_JOB)) {
    return 'program';
  }
  for (let index = 0; index < program.frames.length; index += 1) {
    const verdict = await frameVerdict(program, index);
    if (verdict === 'passes') continue;
    if (verdict !== 'catches') return 'unknown';
    if (program.urlOf(index) !== MODULE_JOB) return 'program';
    // The job says whether it is the main module's (a property Node 20 to 26 keep on it).
    const reply = await program.evaluate(index, 'this.isMain', {
      returnByValue: true,
      throwOnSideEffect: true,
      silent: true,
    });
    return reply.result.value === true ? 'main-module-loader' : 'module-loader';
  }
  return 'unknown';
}

type Verdict = 'catches' | 'passes' | 'async' | 'unreadable';

/** What a frame does with an exception coming through its position. */
async function frameVerdict(program: PausedProgram, index: number): Promise<Verdict> {
  const { location } = program.frame(index);
  const syntax = await syntaxOf(program, index);
  if (syntax === undefined) return 'unreadable';
  const offset = offsetOf(syntax.source, location.lineNumber, location.columnNumber ?? 0);
  const path = pathTo(syntax.tree, offset);
  for (let at = path.length - 1; at >= 1; at -= 1) {
    const node = path[at] as AnyNode;
    const inner = path[at + 1];
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        // Inside the function's body or parameters: the frame is this function's.
        return node.async ? 'async' : 'passes';
      case 'StaticBlock':
        return 'passes';
      case 'PropertyDefinition':
        // A class field's initialiser runs in a frame of its own; a computed key does not.
        if (inner !== undefined && inner === node.value) return 'passes';
        break;
      case 'TryStatement':
        if (node.handler && inner === node.block) return 'catches';
        break;
    }
  }
  // The script's own top level: a CommonJS module's, an ES module's, Node's function bodies.
  return 'passes';
}

interface Syntax {
  readonly source: string;
  readonly tree: Program;
}

/** Parsed scripts by id, so that Node's own (its loader's, long) are read once. */
const parsed = new Map<string, Syntax | undefined>();
const PARSED_KEPT = 64;

async function syntaxOf(program: PausedProgram, index: number): Promise<Syntax | undefined> {
  const { scriptId } = program.frame(index).location;
  if (parsed.has(scriptId)) return parsed.get(scriptId);
  const source = await program.scriptSource(index);
  // WebAssembly has no JavaScript source to read.
  const tree = source === '' ? undefined : parseScript(source);
  const syntax = tree === undefined ? undefined : { source, tree };
  if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(scriptId, syntax);
  return syntax;
}

/** acorn-walk's walk of a node's children: each child, with the walker type to read it as. */
type Visit = (
  node: AnyNode,
  state: unknown,
  child: (node: AnyNode, state: unknown, type?: string) => void,
) => void;

/** The nodes from the program down to the innermost one around `offset`. */
function pathTo(tree: Program, offset: number): AnyNode[] {
  const path: AnyNode[] = [tree];
  let current: { node: AnyNode; type: string } = { node: tree, type: tree.type };
  for (;;) {
    let next: { node: AnyNode; type: string } | undefined;
    const visit = base[current.type as keyof typeof base] as Visit | undefined;
    visit?.(current.node, undefined, (child, _state, type) => {
      if (next === undefined && child.start <= offset && offset < child.end) {
        next = { node: child, type: type ?? child.type };
      }
    });
    if (next === undefined) return path;
    if (next.node !== current.node) path.push(next.node);
    current = next;
  }
}
