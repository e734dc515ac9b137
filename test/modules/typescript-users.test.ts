import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { test } from 'node:test';
import { transformSync } from 'esbuild';
import { nodeStripsTypes, repoRoot, runNode } from '../helpers/run-node.js';
import { appDir, runApp, runJson } from './fixture.js';

const stripSkip = nodeStripsTypes() ? false : 'this Node strips no types';

/** The names `hookline/modules` exports, each with the source file that declares it. */
function publicExports(): { name: string; file: string }[] {
  const index = readFileSync(join(repoRoot, 'src', 'modules', 'index.ts'), 'utf8');
  const found: { name: string; file: string }[] = [];
  for (const [, names = '', from = ''] of index.matchAll(
    /export (?:type )?\{([^}]*)\} from '([^']+)'/g,
  )) {
    const file = join(repoRoot, 'src', 'modules', from.replace(/\.js$/, '.ts'));
    for (const name of names.split(',')) {
      const bare = name.replace(/^\s*type\s+/, '').trim();
      if (bare) found.push({ name: bare, file });
    }
  }
  return found;
}

/**
 * For each TSDoc comment right above a declaration of `name` (one, or one per overload), the
 * ```ts blocks after `@example` in it; without a name, those of the file's own comment.
 */
function examplesOf(file: string, name?: string): string[][] {
  const text = readFileSync(file, 'utf8');
  const declared = new RegExp(
    name === undefined
      ? '^(/\\*\\*(?:(?!\\*/)[\\s\\S])*?\\*/)'
      : `(/\\*\\*(?:(?!\\*/)[\\s\\S])*?\\*/)\\s*export (?:interface|type|function|const) ${name}\\b`,
    'g',
  );
  return [...text.matchAll(declared)].map(([, comment = '']) =>
    [...comment.matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map(([, body = '']) =>
      body.replace(/^\s*\* ?/gm, ''),
    ),
  );
}

/** A folder where `hookline` is an installed package, as in a user's project. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-ts-user-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'hookline'), 'dir');
  symlinkSync(join(repoRoot, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/** The strictest options a TypeScript user may set, with each module setting to check. */
const strictOptions = {
  target: 'ES2022',
  lib: ['ES2023', 'ESNext.Disposable'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noEmit: true,
};
const moduleSettings = [
  { module: 'nodenext', moduleResolution: 'nodenext' },
  { module: 'preserve', moduleResolution: 'bundler' },
];

test('every export of hookline/modules (each overload), and hookline/register, has TSDoc with one @example, and each compiles under the strictest options with nodenext and bundler resolution', () => {
  const dir = userProject();
  try {
    const missing: string[] = [];
    // hookline/register exports nothing: its module comment is what an editor shows for it.
    const register = { name: 'register', file: join(repoRoot, 'src', 'register', 'index.ts') };
    for (const { name, file } of [...publicExports(), register]) {
      const declarations = examplesOf(file, name === 'register' ? undefined : name);
      const counts = declarations.map((examples) => examples.length);
      if (counts.length === 0 || counts.some((count) => count !== 1)) {
        missing.push(`${name} (${counts.join(', ') || 0} examples)`);
      }
      for (const [index, examples] of declarations.entries()) {
        writeFileSync(join(dir, `${name}.${index}.mts`), `${examples.join('\n')}\nexport {};\n`);
      }
    }
    assert.deepEqual(missing, []);
    // What the examples name as the user's own: installed packages with their types, a module.
    writeFileSync(
      join(dir, 'installed.d.cts'),
      [
        "declare module 'yaml' { export function parse(text: string): unknown; }",
        "declare module 'express' { function express(): { listen(port: number): void }; export = express; }",
      ].join('\n'),
    );
    writeFileSync(join(dir, 'logic.ts'), 'export const logic = async (): Promise<string> => "";\n');
    for (const settings of moduleSettings) {
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { ...strictOptions, ...settings }, include: ['*'] }),
      );
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = runNode([tsc, '-p', dir], { cwd: dir });
      assert.equal(result.stdout, '', settings.module);
      assert.equal(result.status, 0, settings.module);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a CommonJS program (a compiled .cts) requires hookline/modules without a warning; require('hookline/register') is refused by Node for its top-level await", () => {
  const { value, stderr } = runJson(['typescript-users/require-register.cjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { seen: ['object'], register: 'ERR_REQUIRE_ASYNC_MODULE' });
});

test('a TypeScript program Node strips of types: modules imported for their types only never load, and are neither audited nor handed to onImport; a transform gets the TypeScript source, and its map is composed', {
  skip: stripSkip,
}, () => {
  const expected = {
    answer: 42,
    audited: ['dynamic-import ./typed.ts'],
    handed: ['module 42'],
    sources: ['module typed=true'],
    used: 3,
  };
  const mapped = runJson(['--enable-source-maps', 'typescript-users/main.ts']);
  assert.equal(mapped.stderr, '');
  // typed.ts line 3, through the transform's map (which maps lines, not columns).
  assert.deepEqual(mapped.value, { ...expected, at: '3:1' });
  // Without source maps, the lines the transform returned.
  assert.deepEqual(runJson(['typescript-users/main.ts']).value, { ...expected, at: '5:9' });
});

test("a TypeScript program's file named as its imports name it, `./src/db.js` for src/db.ts (nodenext, tsx): mockModule, onImport and redirect reach the .ts file a tsx-style loader resolves the import to (they silently did nothing)", () => {
  const { value, stderr } = runJson([
    '--import',
    './typescript-users/js-names/register-loader.mjs',
    'typescript-users/js-names/main.mjs',
  ]);
  assert.equal(stderr, '');
  assert.deepEqual(value, {
    mocked: 'mock users',
    hooked: 'hooked real users',
    seen: ['db.ts'],
    redirected: 'copy users',
    real: 'real users',
  });
});

/** Node 26 dropped --experimental-transform-types (enums and namespaces are no longer run). */
const transformTypesSkip =
  stripSkip ||
  (runNode([
    '-p',
    "process.allowedNodeEnvironmentFlags.has('--experimental-transform-types')",
  ]).stdout.trim() === 'true'
    ? false
    : 'this Node has no --experimental-transform-types');

test('under --experimental-transform-types, a module with an enum and a namespace is transformed (as TypeScript) and hooked; stack traces count the lines the transform returned, even with source maps', {
  skip: transformTypesSkip,
}, () => {
  for (const maps of [[], ['--enable-source-maps']]) {
    const { value, stderr } = runJson([
      ...maps,
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      'typescript-users/transform-types.ts',
    ]);
    assert.equal(stderr, '');
    assert.deepEqual(value, {
      seen: ['transform module true', 'onImport module 1'],
      green: 2,
      retries: 42,
      // enums.ts line 11, one line down in what the transform returned: Node compiles that with
      // a map of its own, which leaves the transform's map out.
      at: '12:9',
    });
  }
});

test('a CommonJS TypeScript project imports hookline/modules with module nodenext, node20 or commonjs, and the compiled program runs; node16 and node18, which model a Node without require(esm), refuse it as the docs say, and take the ways out the docs give', () => {
  const dir = userProject();
  try {
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { onImport, type Unhook } from 'hookline/modules';",
        'const seen: string[] = [];',
        "const unhook: Unhook = onImport('node:zlib', () => void seen.push('zlib'));",
        "require('node:zlib');",
        'unhook();',
        'console.log(JSON.stringify(seen));',
      ].join('\n'),
    );
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const compile = (module: string, file = 'main.ts') => {
      const compilerOptions = { ...strictOptions, module, noEmit: false, outDir: 'out' };
      // verbatimModuleSyntax would ask for `import x = require()` in a CommonJS file.
      const { verbatimModuleSyntax: _, ...options } = compilerOptions;
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: options, files: [file] }),
      );
      return runNode([tsc, '-p', dir], { cwd: dir });
    };
    for (const module of ['nodenext', 'node20', 'commonjs']) {
      const compiled = compile(module);
      assert.equal(compiled.stdout, '', module);
      const run = runNode([join(dir, 'out', 'main.js')], { cwd: dir });
      assert.equal(run.stderr, '', module);
      assert.equal(run.stdout.trim(), '["zlib"]', module);
    }
    // The ways out there, as the docs give them: types imported with resolution-mode 'import',
    // and hookline loaded with import().
    writeFileSync(
      join(dir, 'dynamic.ts'),
      [
        "import type { Unhook } from 'hookline/modules' with { 'resolution-mode': 'import' };",
        'const seen: string[] = [];',
        'async function start(): Promise<Unhook> {',
        "  const { onImport } = await import('hookline/modules');",
        "  return onImport('node:zlib', () => void seen.push('zlib'));",
        '}',
        'void start().then((unhook) => {',
        "  require('node:zlib');",
        '  unhook();',
        '  console.log(JSON.stringify(seen));',
        '});',
      ].join('\n'),
    );
    for (const module of ['node16', 'node18']) {
      assert.match(compile(module).stdout, /error TS1479/, module);
      assert.equal(compile(module, 'dynamic.ts').stdout, '', module);
      const run = runNode([join(dir, 'out', 'dynamic.js')], { cwd: dir });
      assert.equal(run.stderr, '', module);
      assert.equal(run.stdout.trim(), '["zlib"]', module);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('options and fields given as undefined, which the declarations allow under exactOptionalPropertyTypes, are taken as left out', () => {
  const { value, stderr } = runJson(['typescript-users/undefined-options.mjs']);
  assert.equal(stderr, '');
  assert.deepEqual(value, { path: 'a/b', scheme: 7, repository: 'function', answer: 42 });
});

test("hookline's declarations need @types/node, as the docs say: without it, Disposable and URL are not found", () => {
  const dir = userProject();
  try {
    writeFileSync(
      join(dir, 'main.ts'),
      "import { onImport } from 'hookline/modules';\nonImport('x', () => undefined)();\n",
    );
    const compile = (types: string[]) => {
      const compilerOptions = { ...strictOptions, module: 'nodenext', lib: ['ES2022'], types };
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: ['main.ts'] }),
      );
      return runNode([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], {
        cwd: dir,
      });
    };
    assert.equal(compile(['node']).stdout, '');
    const without = compile([]).stdout;
    assert.match(without, /Cannot find name 'Disposable'/);
    assert.match(without, /Cannot find name 'URL'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("hookline's declarations compile, with skipLibCheck off, for a project whose lib is older than ES2022 (@tsconfig/node16's ES2021, or ES2020)", () => {
  const dir = userProject();
  try {
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import * as root from 'hookline';",
        "import { hook } from 'hookline/debug';",
        "import { onImport } from 'hookline/modules';",
        "import { patch } from 'hookline/patch';",
        "import { onExit } from 'hookline/process';",
        "import { lazyChain, observe, withDefaults } from 'hookline/proxy';",
        "import { logged, range } from 'hookline/decorators';",
        "import { programFiles } from 'hookline/transform';",
        "import { traceCalls } from 'hookline/trace';",
        "import { audit } from 'hookline/audit';",
        "onImport('x', () => undefined)();",
        "audit.on('fs.open', (event) => event.args.path)();",
        'traceCalls({ f: () => 1 }, { onCall: (call) => call.args })();',
        'logged((a: number) => a)(1);',
        'class Checked { @range(1, 2) accessor level = 1; }',
        'new Checked().level;',
        "programFiles('file:///app/main.js');",
        "onExit((code: string) => code, 'x')();",
        'observe(withDefaults({ x: 1 }, (key) => key), {}).x;',
        'lazyChain((path) => path.length);',
        'export { hook, patch, root };',
      ].join('\n'),
    );
    for (const lib of ['ES2021', 'ES2020']) {
      const compilerOptions = {
        ...strictOptions,
        module: 'nodenext',
        target: lib,
        lib: [lib],
        skipLibCheck: false,
      };
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: ['main.ts'] }),
      );
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      assert.equal(runNode([tsc, '-p', dir], { cwd: dir }).stdout, '', lib);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every source map the package ships names sources it ships or carries: an editor follows the declaration maps to the TypeScript source, and stack traces under --enable-source-maps name files that are there', () => {
  const files = packedFiles();
  const shipped = new Set(files);
  const missing = new Set<string>();
  for (const path of files.filter((file) => file.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as {
      sources: string[];
      sourcesContent?: (string | null)[];
    };
    for (const [index, source] of map.sources.entries()) {
      if (typeof map.sourcesContent?.[index] === 'string') continue;
      const target = posix.join(posix.dirname(path), source);
      if (!shipped.has(target)) missing.add(target);
    }
  }
  assert.deepEqual([...missing].slice(0, 5), []);
});

const usingResult = {
  calls: ['zlib', 'active true', 'after the block false'],
  dispose: 'symbol',
};

test('an Unhook held by `using` is undone at the end of its block, compiled for Node 20 (on its Symbol.dispose) and run by Node 24 as written', () => {
  const source = readFileSync(join(appDir, 'typescript-users', 'using-block.ts'), 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' });
  assert.doesNotMatch(code, /\busing zlibHook\b/);
  const compiled = runApp(['--input-type=module', '-e', code]);
  assert.equal(compiled.stderr, '');
  assert.deepEqual(JSON.parse(compiled.stdout), usingResult);
  if (nodeStripsTypes()) {
    const native = runJson(['typescript-users/using-block.ts']);
    assert.equal(native.stderr, '');
    assert.deepEqual(native.value, usingResult);
  }
});

test('installing the package runs no script of its own: npm (11.16+) asks its users to review any install script, and prepare is one though it never runs there', () => {
  const { scripts = {} } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const install = ['preinstall', 'install', 'postinstall', 'prepare'].filter(
    (name) => name in scripts,
  );
  assert.deepEqual(install, []);
  assert.ok(scripts['prepack'], 'the package is built as it is packed');
  assert.ok(packedFiles().includes('dist/chunks/core.cjs'));
});

/** What `npm pack` puts in hookline's package: the paths of its files. */
function packedFiles(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ files }] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
  return files.map(({ path }) => path);
}

/**
 * A folder where `hookline` is installed as `npm install` would put it: only the files its package
 * ships, with its dependencies (and @types/node) beside it.
 */
function installedProject(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-ts-installed-'));
  const installed = join(dir, 'node_modules', 'hookline');
  for (const path of files) {
    mkdirSync(dirname(join(installed, path)), { recursive: true });
    cpSync(join(repoRoot, path), join(installed, path));
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of [...Object.keys(manifest.dependencies), '@types/node']) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/**
 * TypeScript 5, for `"moduleResolution": "node10"`, which TypeScript 7 (the project's) removed:
 * `npm test` installs it and passes its tsc as HOOKLINE_TEST_TSC5.
 */
const typescript5 =
  process.env['HOOKLINE_TEST_TSC5'] ??
  join(
    repoRoot,
    'node_modules',
    '.cache',
    'hookline-typescript5',
    'node_modules',
    'typescript',
    'bin',
    'tsc',
  );
const typescript5Skip = existsSync(typescript5)
  ? false
  : 'no TypeScript 5 (for node10 resolution): npm test installs it into node_modules/.cache';

test('each entry point of the installed package (hookline, /modules, /patch, /decorators, /process, /proxy, /transform, /debug, /register) has its types found and checked under node10 (TypeScript 5), node16, nodenext and bundler resolution; the node10 project, compiled to CommonJS, runs', {
  skip: typescript5Skip,
}, () => {
  const dir = installedProject(packedFiles());
  try {
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { mockModule } from 'hookline';",
        "import { interpolate } from 'hookline/debug';",
        "import { onImport, type Unhook } from 'hookline/modules';",
        "import { patch } from 'hookline/patch';",
        "import { onExit } from 'hookline/process';",
        "import { withDefaults } from 'hookline/proxy';",
        "import { timed } from 'hookline/decorators';",
        "import { useSmartAssert } from 'hookline/transform';",
        '',
        "const unhook: Unhook = onImport('node:zlib', () => undefined);",
        'unhook();',
        "onExit((reason: string) => reason, 'x')();",
        'const point = withDefaults({ x: 1 }, (key) => key.length);',
        'void point.x;',
        'const twice = timed({ onTime: () => undefined })((n: number) => n * 2);',
        'void twice(2);',
        "useSmartAssert((url) => url.endsWith('.never'))();",
        "mockModule('x', { a: 1 })();",
        'const greeter = { greet: (name: string): string => `hi, ` + name };',
        "const shout = patch(greeter, 'greet', (original, self, args) =>",
        '  original.apply(self, args).toUpperCase(),',
        ');',
        "const greeting = greeter.greet('you');",
        'shout.restore();',
        "const text: string = interpolate('unhooked');",
        "const restored = greeter.greet('you');",
        'console.log(JSON.stringify({ greeting, restored, text, active: unhook.active }));',
        '// A wrong use of each is an error: the types were found, not taken as `any`.',
        'export function wrongUses(): void {',
        '  // @ts-expect-error a matcher is a name, names, a RegExp or a predicate',
        '  onImport(42, () => undefined);',
        '  // @ts-expect-error a promise is refused',
        "  mockModule('x', Promise.resolve({}));",
        '  // @ts-expect-error greeter has no such method',
        "  patch(greeter, 'wave', (original) => original);",
        '  // @ts-expect-error interpolate takes a string',
        '  interpolate(42);',
        '  // @ts-expect-error the arguments are those the handler takes',
        '  onExit((reason: string) => reason, 42);',
        '  // @ts-expect-error a timed function keeps its parameters',
        "  twice('2');",
        '  // @ts-expect-error the fallback is a function',
        '  withDefaults({}, 5);',
        '}',
      ].join('\n'),
    );
    // It has no exports: it is loaded with --import (a CommonJS program cannot require it).
    writeFileSync(join(dir, 'register.ts'), "import 'hookline/register';\n");
    const compile = (tsc: string, options: Record<string, string | boolean>) => {
      const compilerOptions = {
        ...strictOptions,
        // Without it, an import for its side effects (hookline/register) is not looked for.
        noUncheckedSideEffectImports: true,
        ...options,
      };
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: ['main.ts', 'register.ts'] }),
      );
      return runNode([tsc, '-p', dir], { cwd: dir }).stdout;
    };
    const projectTsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const options of [
      { module: 'node16', moduleResolution: 'node16' },
      { module: 'nodenext', moduleResolution: 'nodenext' },
      { module: 'preserve', moduleResolution: 'bundler' },
    ]) {
      assert.equal(compile(projectTsc, options), '', options.moduleResolution);
    }
    // TypeScript 5 also reads the declarations TypeScript 7 wrote, as a user's older tsc would.
    const node10 = {
      module: 'commonjs',
      moduleResolution: 'node10',
      // verbatimModuleSyntax would ask for `import x = require()` in a CommonJS file.
      verbatimModuleSyntax: false,
      noEmit: false,
      outDir: 'out',
    };
    assert.equal(compile(typescript5, node10), '', 'node10');
    // What it compiled requires each entry point, which Node 20.19+ and 24 load with require(esm).
    writeFileSync(join(dir, 'out', 'package.json'), '{ "type": "commonjs" }\n');
    const run = runNode([join(dir, 'out', 'main.js')], { cwd: dir });
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), {
      greeting: 'HI, YOU',
      restored: 'hi, you',
      text: 'unhooked',
      active: false,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
