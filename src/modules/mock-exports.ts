import { mocksJson } from './import-attributes.js';
import { lackingExportsMessage } from './mock-errors.js';
import { noteApplied } from './never-ran.js';
import { registry } from './registry.js';
import { exportNames } from './virtual.js';

/** The exports of a mock, making them from its factory on first use. */
export function mockExports(id: number): unknown {
  const entry = registry.mocksById.get(id);
  if (!entry) {
    // Node resolved an import to the mock, and the test undid it before the module loaded.
    throw new Error(
      `hookline: an import resolved to a mock (hookline:mock/${id}) that was undone before its module loaded. Undo a mock once the imports made while it is in force have been awaited.`,
    );
  }
  noteApplied(entry);
  if (!entry.value) {
    entry.building = true;
    try {
      entry.value = { exports: entry.make() };
    } finally {
      entry.building = false;
    }
  }
  return entry.value.exports;
}

/**
 * What `require()` of a mock gets: the mock itself, but for a JSON file's, its `default` key where
 * it has one. That is the data, which an import's default export gets too, and which `require`
 * of the file gives: `mockModule('./settings.json', { default: { a: 1 } })` serves both alike.
 */
export function mockRequired(id: number): unknown {
  const exports = mockExports(id);
  const specifier = registry.mocksById.get(id)?.specifier;
  return mocksJson(specifier) && hasOwnDefault(exports) ? exports.default : exports;
}

function hasOwnDefault(value: unknown): value is { default: unknown } {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'default');
}

/**
 * Before an import of `names` from a mock links (`import { a, b } from 'pkg'`): the message of the
 * SyntaxError it must fail with where the mock lacks some of them, or `undefined`. Makes the
 * exports, as the module's load right after would; an undone mock is left to Node.
 */
export function lackingMockExports(
  id: number,
  specifier: string,
  names: readonly string[],
  importer?: string,
): string | undefined {
  const entry = registry.mocksById.get(id);
  if (entry === undefined || entry.undone === true) return undefined;
  const has = new Set(['default', ...exportNames(mockExports(id))]);
  const lacking = [...new Set(names)].filter((name) => !has.has(name));
  if (lacking.length === 0) return undefined;
  return lackingExportsMessage(entry, specifier, lacking, [...has], importer);
}

/**
 * The exports of a mock for the ES module Node loaded for it (so {@link mockExports} ran once
 * already, for its names): kept until now even if the mock was undone in between.
 */
export function mockModuleLoaded(id: number): readonly string[] {
  adoptUndoneMock(id);
  const names = exportNames(mockExports(id));
  registry.mocksAwaitingEvaluation.add(id);
  return names;
}

/**
 * A mock undone after Node 20's loader thread resolved an import to it, and before it loaded
 * (the thread learns of the undo a moment later): that import gets it, as on Node 22.15+ and 24,
 * rather than failing. Kept again until its module runs.
 */
function adoptUndoneMock(id: number): void {
  if (registry.mocksById.has(id)) return;
  const entry = registry.undoneMocks.get(id)?.deref();
  if (entry === undefined) return;
  entry.undone = true;
  registry.mocksById.set(id, entry);
}

/** What the ES module standing for a mock runs: its exports, then the entry let go if undone. */
export function mockModuleRuns(id: number): unknown {
  // Let go while it waited (many undone mocks waiting at once), and not collected yet: taken back.
  adoptUndoneMock(id);
  const exports = mockExports(id);
  registry.mockEvaluated(id);
  return exports;
}
