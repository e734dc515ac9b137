import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runNode } from '../helpers/run-node.js';
import { runJson } from './fixture.js';

test('a WebAssembly module that onImport selects (by file, by pattern) loads and is audited as without hookline, and its hooks are told in a warning that they cannot apply rather than never running in silence', () => {
  const { value } = runJson([
    '--experimental-wasm-modules',
    '--no-warnings=ExperimentalWarning',
    'edges-wasm.mjs',
  ]);
  assert.deepEqual(value, {
    answer: 42,
    viaNamespace: 42,
    handled: [],
    audited: ['import'],
    warnings: [
      'file://<dir>/answer.wasm is a WebAssembly module: its exports are bindings no JavaScript declares, which hookline cannot change, so the onImport handlers that select it (as "./answer.wasm", "file://<dir>/answer.wasm") do not run on it. Hook the ES module that imports it instead, or replace it with mockModule',
    ],
    lazy: 'SyntaxError',
  });
});

test("a mock of a JSON module needs `with { type: 'json' }` as the module does and has a default export only, and a mock refuses an attribute its module would: Node's own error (code and message, naming the mocked module), not a mock that works where the real module fails", () => {
  const { value } = runJson(['edges-json-mock.mjs']);
  const results = value as Record<string, { mocked: string; real: string; sameMessage: boolean }>;
  assert.deepEqual(results['json'], {
    mocked: '{"mocked":true}',
    real: '{"real":true}',
    sameMessage: true,
  });
  assert.deepEqual(results['module'], {
    mocked: '{"real":false}',
    real: 'true',
    sameMessage: true,
  });
  assert.deepEqual(results['exports'], {
    mocked: ['default'],
    real: ['default'],
    value: { real: false },
  });
  for (const name of ['jsonWithoutType', 'jsonAsCss', 'moduleAsJson']) {
    const { mocked, real, sameMessage } = results[name] ?? {};
    assert.match(real ?? '', /^ERR_IMPORT_/, name);
    assert.equal(mocked, real, name);
    assert.equal(sameMessage, true, name);
  }
});

test("replacing a JSON module's value through an ES module that re-exports it is refused with a warning that says how to change it (a hook on the JSON file), which works, rather than calling it CommonJS or a module that loaded too early", () => {
  const { value } = runJson(['edges-json-reexport.mjs']);
  assert.deepEqual(value, {
    data: { real: true },
    warnings: [
      'hookline: could not replace "data"; <app>/edges/json-reexport.mjs re-exports it from "./data.json" (<app>/edges/data.json), a JSON module, whose value is fixed as it is parsed. Change that value with a hook on the JSON file, whose handler\'s changes (or what it returns) the module then holds, added before it loads: onImport("<app>/edges/data.json", (value) => …)',
    ],
  });
  const followed = runJson(['edges-json-reexport.mjs', 'follow']).value;
  assert.deepEqual(followed, { data: { real: true, changed: true }, warnings: [] });
});

test('an ES module whose file starts with a byte-order mark and a hashbang line loads hooked, transformed or both, as it loads unhooked (the mark is dropped as Node drops it)', () => {
  const { value } = runJson(['edges-bom-hashbang.mjs']);
  assert.deepEqual(value, {
    plain: [1, 2],
    hooked: ['patched', 2],
    transformed: [3, 2],
    both: ['patched', 2],
  });
});

/** Whether the Node under test still runs `assert { type: 'json' }` (Node 20; 22+ refuse it). */
function runsImportAssertions(): boolean {
  const code = "import x from 'data:application/json,1' assert { type: 'json' };";
  return runNode(['--no-warnings', '--input-type=module', '-e', code]).status === 0;
}

test("a hooked ES module that imports and re-exports JSON with the older `assert { type: 'json' }` loads and is hooked, as with `with`", {
  skip: runsImportAssertions()
    ? false
    : 'this Node refuses `assert` in imports (Node 22+): no module can use it',
}, () => {
  const { value } = runJson(['--no-warnings', 'edges-assert.mjs']);
  assert.deepEqual(value, {
    data: { real: true },
    again: { real: true },
    local: 2,
    handled: [['again', 'data', 'local']],
  });
});

test("a JSON file that starts with a byte-order mark, hooked and imported with `type: json`, loads with the handler's change, as Node reads it unhooked", () => {
  const { value } = runJson(['edges-bom-json.mjs']);
  assert.deepEqual(value, { plain: { n: 1 }, imported: { n: 2 }, required: { n: 2 } });
});

test('ES modules at the edges hooked by file and by pattern, and transformed, behave as without hookline: top-level await in a cycle keeps its evaluation order (handlers run in it), arbitrary export names, export * as, export { default } from, CommonJS re-exports, import.meta, strict mode, a hashbang line, a last-line comment without a line break', () => {
  const plain = runJson(['edges-pins.mjs', 'plain']);
  const hooked = runJson(['edges-pins.mjs']);
  assert.equal(hooked.stderr, '');
  const before = plain.value as Record<string, unknown>;
  const after = hooked.value as Record<string, unknown>;
  assert.deepEqual(before['order'], ['b start', 'c', 'b end', 'a start', 'a end', 'ab']);
  assert.deepEqual(after['order'], ['b start', 'c', 'b end', 'a start', 'a end', 'patched a']);
  assert.deepEqual(after['handled'], ['c.mjs', 'b.mjs', 'a', 'source', 'names', 'edges']);
  for (const same of ['exports', 'ns', 'meta', 'strict', 'at']) {
    assert.deepEqual(after[same], before[same], same);
  }
  assert.deepEqual(before['strict'], [true, false, 'strict']);
  assert.equal(before['at'], 'edges.mjs:19:19');
  assert.deepEqual(after['reexported'], [
    'named',
    'y',
    'patched x',
    'patched alpha',
    'beta',
    'patched alpha',
    2,
  ]);
  // An anonymous default export is given hookline's local name (documented): its `name` is put
  // back to 'default' once the module has evaluated, its source text keeps the local name.
  assert.deepEqual(before['anonymous'], {
    className: 'default',
    duringClassEvaluation: 'default',
    functionName: 'default',
    functionText: 'function () { return 1; }',
  });
  assert.deepEqual(after['anonymous'], {
    className: 'default',
    duringClassEvaluation: '$hl$d',
    functionName: 'default',
    functionText: 'function $hl$d () { return 1; }',
  });
});

test("a scheme's JSON module needs `with { type: 'json' }` as a JSON file does, and a scheme's JavaScript module refuses `type: 'json'`: Node's own error, naming the scheme's module", () => {
  const { value } = runJson(['edges-scheme-attributes.mjs']);
  const results = value as Record<string, { scheme: string; file: string; sameMessage: boolean }>;
  assert.deepEqual(results['json'], {
    scheme: '{"scheme":true}',
    file: '{"real":true}',
    sameMessage: true,
  });
  assert.deepEqual(results['module'], { scheme: 'true', file: 'true', sameMessage: true });
  for (const name of ['jsonWithoutType', 'jsonAsCss', 'moduleAsJson']) {
    const { scheme, file, sameMessage } = results[name] ?? {};
    assert.match(file ?? '', /^ERR_IMPORT_/, name);
    assert.equal(scheme, file, name);
    assert.equal(sameMessage, true, name);
  }
});

test('a transform whose filter selects a JSON file leaves it as it is, imported or required (onImport on the file changes its value)', () => {
  const { value } = runJson(['edges-transform-json.mjs']);
  assert.deepEqual(value, { imported: { real: true }, required: { real: true }, asked: [] });
});

test('a generated module of 50,000 exports (consts, functions, a clause naming consts of one declaration) hooked by its file: the handler sees and changes any of them', () => {
  const { value } = runJson(['edges-large.mjs']);
  assert.deepEqual(value, { seen: 50_000, changed: ['changed', 'changed', 'changed'], c1: 1 });
});
