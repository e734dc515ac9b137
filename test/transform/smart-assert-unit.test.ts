import assert from 'node:assert/strict';
import nodeModule from 'node:module';
import { test } from 'node:test';
import { transformSync } from 'esbuild';
import { programFiles, smartAssert } from 'hookline/transform';

const module = { url: 'file:///app/a.mjs', format: 'module' } as const;

test('a module that names no assert of node:assert is left as it is', () => {
  assert.equal(smartAssert('const x = 1;\n', module), undefined);
  assert.equal(smartAssert("import assert from 'my-assert';\nassert(x);\n", module), undefined);
  // A parameter named like the import may be another function: its calls are not rewritten.
  const shadowed = "import assert from 'node:assert';\nfunction f(assert) { assert(1); }\n";
  assert.equal(smartAssert(shadowed, module), undefined);
});

test('smartAssert and programFiles called by hand with what is no source, info or URL are refused with ERR_HOOKLINE_INVALID_ARGUMENT, saying what they take', () => {
  const refused = (run: () => unknown, message: RegExp) =>
    assert.throws(run, { name: 'TypeError', code: 'ERR_HOOKLINE_INVALID_ARGUMENT', message });
  refused(() => smartAssert(undefined as never, module), /source as a string but got undefined/);
  refused(() => smartAssert('assert(1)', undefined as never), /\{ url, format \} as info/);
  refused(() => programFiles(42 as never), /programFiles\(url\): Expected a module's URL/);
});

test('only insertions without line breaks: each line stays where it was, with a source map', () => {
  const source = "import assert from 'node:assert';\n\nassert(\n  a &&\n    b.c(d)\n);\n";
  const result = smartAssert(source, module);
  assert.ok(result && typeof result === 'object');
  assert.equal(result.code.split('\n').length, source.split('\n').length);
  assert.ok(result.map);
  assert.match(result.code, /^assert\b|ok\(assert\)/m);
});

test('a module that does not parse throws, which transform() reports and skips', () => {
  assert.throws(
    () => smartAssert("import assert from 'node:assert';\nassert(\n", module),
    SyntaxError,
  );
});

test('a .ts file is read as TypeScript where Node was given it as TypeScript, not for its name: what tsx compiled is JavaScript, on a Node that cannot strip types too', () => {
  const url = 'file:///app/cart.mts';
  const javaScript = "import assert from 'node:assert';\nconst total = 3;\nassert(total > 5);\n";
  assert.ok(smartAssert(javaScript, { url, format: 'module', typeScript: false }));
  const typeScript =
    "import assert from 'node:assert';\nconst total: number = 3;\nassert(total > 5);\n";
  const typed = { url, format: 'module', typeScript: true } as const;
  if ('stripTypeScriptTypes' in nodeModule) assert.ok(smartAssert(typeScript, typed));
  else {
    assert.throws(
      () => smartAssert(typeScript, typed),
      /^Error: this Node has no module\.stripTypeScriptTypes to read TypeScript with$/,
    );
  }
});

test("esbuild's CommonJS form of an import (tsx's) is an assert where the module imported is node:assert, and the module's names are those of tsx's wrapper function", () => {
  const commonJs = { url: 'file:///app/a.ts', format: 'commonjs', typeScript: false } as const;
  const wrapped = (body: string) => `__filename="/app/a.ts";(()=>{\n${body}\n})()\n`;
  const compiled = wrapped(
    [
      'var import_node_assert=__toESM(require("node:assert"));',
      'var import_mine=__toESM(require("./my-assert"));',
      'var import_assert=require("assert");',
      '(0,import_node_assert.default)(a);',
      '(0,import_mine.default)(b);',
      'import_node_assert.default.ok(c);',
      '(0,import_node_assert.equal)(d,1);',
      '(0,import_assert.ok)(e);',
      '(1,import_assert.ok)(f);',
    ].join(''),
  );
  const result = smartAssert(compiled, commonJs);
  assert.ok(result && typeof result === 'object');
  const recorded = [...result.code.matchAll(/\.r\(\["(\w)"\]/g)].map((match) => match[1]);
  assert.deepEqual(recorded, ['a', 'c', 'e']);
  // Declared again inside the wrapper: another function, whatever the name.
  const shadowed = wrapped(
    'var import_node_assert=__toESM(require("node:assert"));function f(import_node_assert){(0,import_node_assert.default)(a)}',
  );
  assert.equal(smartAssert(shadowed, commonJs), undefined);
});

test("the diagram's line is the source as written where the compiler's map places each part (from its sourcesContent), and the compiled code where the source the map holds is not what was compiled", () => {
  const written =
    "import assert from 'node:assert';\nconst total: number = 2;\nassert(total === 5);\n";
  const compiled = transformSync(written, {
    loader: 'ts',
    format: 'esm',
    minifyWhitespace: true,
    sourcemap: 'inline',
    sourcefile: '/nowhere/total.mts',
  }).code;
  const info = { url: 'file:///app/total.mts', format: 'module', typeScript: false } as const;
  const layoutOf = (code: string) => {
    const result = smartAssert(code, info);
    assert.ok(result && typeof result === 'object');
    return /"line":("[^"]*")/.exec(result.code)?.[1];
  };
  assert.equal(layoutOf(compiled), JSON.stringify('assert(total === 5)'));
  // The map's copy of the source names `count` where the code has `total`: it is not this code's.
  const [code, map] = compiled.split('//# sourceMappingURL=data:application/json;base64,') as [
    string,
    string,
  ];
  const stale = JSON.parse(Buffer.from(map, 'base64').toString());
  stale.sourcesContent = [written.replaceAll('total', 'count')];
  const staleMap = Buffer.from(JSON.stringify(stale)).toString('base64');
  assert.equal(
    layoutOf(`${code}//# sourceMappingURL=data:application/json;base64,${staleMap}\n`),
    JSON.stringify('assert(total===5)'),
  );
});

test('programFiles: the program’s own JavaScript and TypeScript files, not its packages', () => {
  assert.equal(programFiles('file:///app/test/a.test.mjs'), true);
  assert.equal(programFiles('file:///app/src/b.cts'), true);
  assert.equal(programFiles('file:///app/node_modules/pkg/index.js'), false);
  assert.equal(programFiles('file:///app/data.json'), false);
  assert.equal(programFiles('node:fs'), false);
});
