import type * as Acorn from 'acorn';
import type {
  ClassDeclaration,
  ExportAllDeclaration,
  ExportNamedDeclaration,
  FunctionDeclaration,
  Identifier,
  ImportDeclaration,
  Literal,
  ModuleDeclaration,
  Pattern,
  Statement,
  VariableDeclaration,
} from 'acorn';
import { lazyRequire } from '../../internal/lazy-require.js';
import { RUNTIME_KEY } from './runtime-key.js';

/** The parser loads with the first module to instrument. */
const acorn = lazyRequire<typeof Acorn>('acorn');

/** The source of an instrumented module, and the modules its re-exports come from. */
export interface Instrumented {
  readonly code: string;
  /** Specifiers (as written in the module) whose exports this module re-exports. */
  readonly reexportSources: readonly string[];
}

/** The name given to an anonymous default export so that it has an assignable binding. */
const DEFAULT_LOCAL = '$hl$default';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Reexport {
  readonly exported: string;
  readonly source: string;
  readonly imported: string;
  readonly attributes: string;
}

/**
 * Makes every export of an ES module assignable from outside, keeping its live bindings, line
 * and column positions, evaluation order and circular imports as they were:
 *
 * - `export const` (and any `const` an `export { … }` names) becomes `let`, padded to the same
 *   length, so the binding can be reassigned — code that never reassigned a const cannot tell.
 * - An anonymous `export default` gets a local name, so the default export has a binding.
 * - Re-exports stay as they are: a change is made in the module that declares the binding, which
 *   hookline instruments too (see `reexportSources`).
 * - An epilogue, appended after the last line, hands the module's namespace and one setter per
 *   local export to hookline's runtime once the module has evaluated.
 *
 * `specifiers` are the names a hook matched it by (none for a module instrumented only because
 * a hooked module re-exports from it). Returns `undefined` when there is nothing to do.
 */
export function instrument(
  source: string,
  url: string,
  specifiers: readonly string[],
): Instrumented | undefined {
  const program = acorn().parse(source, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    allowHashBang: true,
  });
  const edits: Edit[] = [];
  const locals = new Map<string, string>(); // exported name → local binding
  const reexports: Reexport[] = [];
  const stars: { source: string; attributes: string }[] = [];
  const imported = new Map<string, { source: string; imported: string; attributes: string }>();
  const constDeclarations = new Map<string, VariableDeclaration>();
  const constToLet = new Set<VariableDeclaration>();
  let defaultRenamed = false;
  let hasExports = false;

  const attributesOf = (node: ImportDeclaration | ExportNamedDeclaration | ExportAllDeclaration) =>
    node.source ? source.slice(node.source.end, node.end).replace(/;\s*$/, '') : '';

  for (const statement of program.body as (Statement | ModuleDeclaration)[]) {
    switch (statement.type) {
      case 'ImportDeclaration':
        for (const specifier of statement.specifiers) {
          imported.set(specifier.local.name, {
            source: String(statement.source.value),
            imported:
              specifier.type === 'ImportSpecifier'
                ? nameOf(specifier.imported)
                : specifier.type === 'ImportDefaultSpecifier'
                  ? 'default'
                  : '*',
            attributes: attributesOf(statement),
          });
        }
        break;
      case 'VariableDeclaration':
        if (statement.kind === 'const') {
          for (const declarator of statement.declarations) {
            for (const name of bindingNames(declarator.id)) constDeclarations.set(name, statement);
          }
        }
        break;
      case 'ExportNamedDeclaration': {
        hasExports = true;
        const declaration = statement.declaration;
        if (declaration) {
          if (declaration.type === 'VariableDeclaration') {
            if (declaration.kind === 'const') constToLet.add(declaration);
            for (const declarator of declaration.declarations) {
              for (const name of bindingNames(declarator.id)) locals.set(name, name);
            }
          } else {
            locals.set(declaration.id.name, declaration.id.name);
          }
        } else if (statement.source) {
          for (const specifier of statement.specifiers) {
            reexports.push({
              exported: nameOf(specifier.exported),
              source: String(statement.source.value),
              imported: nameOf(specifier.local),
              attributes: attributesOf(statement),
            });
          }
        } else {
          for (const specifier of statement.specifiers) {
            locals.set(nameOf(specifier.exported), nameOf(specifier.local));
          }
        }
        break;
      }
      case 'ExportAllDeclaration':
        hasExports = true;
        if (statement.exported) {
          reexports.push({
            exported: nameOf(statement.exported),
            source: String(statement.source.value),
            imported: '*',
            attributes: attributesOf(statement),
          });
        } else {
          stars.push({
            source: String(statement.source.value),
            attributes: attributesOf(statement),
          });
        }
        break;
      case 'ExportDefaultDeclaration': {
        hasExports = true;
        const declaration = statement.declaration;
        if (
          (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') &&
          declaration.id
        ) {
          locals.set('default', declaration.id.name);
        } else if (
          declaration.type === 'FunctionDeclaration' ||
          declaration.type === 'ClassDeclaration'
        ) {
          edits.push(nameAnonymousDeclaration(source, statement.start, declaration));
          locals.set('default', DEFAULT_LOCAL);
          defaultRenamed = true;
        } else {
          edits.push({
            start: statement.start,
            end: declaration.start,
            text: sameLength(
              source.slice(statement.start, declaration.start),
              `let ${DEFAULT_LOCAL} = `,
            ),
          });
          if (statement.end === declaration.end) {
            edits.push({ start: declaration.end, end: declaration.end, text: ';' });
          }
          locals.set('default', DEFAULT_LOCAL);
          defaultRenamed = true;
        }
        break;
      }
      default:
        break;
    }
  }
  // A module with no exports still hands its (empty) namespace to the hooks that selected it;
  // one instrumented only as a re-export source has nothing to offer.
  if (!hasExports && specifiers.length === 0) return undefined;

  // A local export that is really an import is a re-export in disguise: route it the same way.
  for (const [exported, local] of [...locals]) {
    const binding = imported.get(local);
    if (binding) {
      locals.delete(exported);
      reexports.push({ exported, ...binding });
    } else {
      const declaration = constDeclarations.get(local);
      if (declaration) constToLet.add(declaration);
    }
  }
  for (const declaration of constToLet) {
    edits.push({ start: declaration.start, end: declaration.start + 5, text: 'let  ' });
  }

  const sources = new Map<string, string>(); // "specifier attributes" → namespace variable
  const namespaceOf = (specifier: string, attributes: string) => {
    const key = `${specifier}\0${attributes}`;
    let variable = sources.get(key);
    if (!variable) {
      variable = `$hl$ns${sources.size}`;
      sources.set(key, variable);
    }
    return variable;
  };
  const reexportEntries = reexports.map(
    (r) =>
      `[${JSON.stringify(r.exported)},${namespaceOf(r.source, r.attributes)},${JSON.stringify(r.imported)}]`,
  );
  const starEntries = stars.map((s) => namespaceOf(s.source, s.attributes));
  const setters = [...locals].map(
    ([exported, local]) => `${JSON.stringify(exported)}:(v)=>{${local}=v}`,
  );
  const imports = [...sources].map(([key, variable]) => {
    const [specifier, attributes] = key.split('\0') as [string, string];
    return `import * as ${variable} from ${JSON.stringify(specifier)}${attributes};`;
  });
  const epilogue =
    `\n;import * as $hl$self from ${JSON.stringify(url)};${imports.join('')}` +
    (defaultRenamed ? `export { ${DEFAULT_LOCAL} as default };` : '') +
    `globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})]?.evaluated(${JSON.stringify(url)},$hl$self,` +
    `{${setters.join(',')}},[${reexportEntries.join(',')}],[${starEntries.join(',')}],` +
    `${defaultRenamed ? JSON.stringify(DEFAULT_LOCAL) : 'undefined'},${JSON.stringify(specifiers)});\n`;

  return {
    code: applyEdits(source, edits) + epilogue,
    reexportSources: [
      ...new Set([...reexports.map((r) => r.source), ...stars.map((s) => s.source)]),
    ],
  };
}

/** `export default function () {}` → `function $hl$default() {}`, keeping the columns after it. */
function nameAnonymousDeclaration(
  source: string,
  statementStart: number,
  declaration:
    | FunctionDeclaration
    | ClassDeclaration
    | { type: string; start: number; end: number },
): Edit {
  const keywordEnd =
    declaration.type === 'ClassDeclaration'
      ? declaration.start + 'class'.length
      : source.indexOf('(', declaration.start);
  const head = source.slice(declaration.start, keywordEnd).trimEnd();
  return {
    start: statementStart,
    end: keywordEnd,
    text: sameLength(source.slice(statementStart, keywordEnd), `${head} ${DEFAULT_LOCAL}`),
  };
}

/**
 * `replacement` laid over `original`: padded with spaces to the same length where it is
 * shorter, and with the original's line breaks kept, so positions after it do not move.
 */
function sameLength(original: string, replacement: string): string {
  const breaks = original.match(/\r\n|\n|\r|\u2028|\u2029/g)?.join('') ?? '';
  const room = original.length - breaks.length;
  return replacement.length <= room
    ? replacement + ' '.repeat(room - replacement.length) + breaks
    : replacement + breaks;
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}

function nameOf(node: Identifier | Literal): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

function bindingNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) =>
        p.type === 'RestElement' ? bindingNames(p.argument) : bindingNames(p.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? bindingNames(e) : []));
    case 'RestElement':
      return bindingNames(pattern.argument);
    case 'AssignmentPattern':
      return bindingNames(pattern.left);
    default:
      return [];
  }
}
