#!/usr/bin/env node
// The build (npm run build, npm test, npm run bench): tsc compiles src/ into dist/, then this
// bundles what `node --import hookline/register` loads before the program starts. Node loads a
// module file in about a millisecond, and the ~45 files of the unbundled graph cost 40–50 ms of
// every start-up; V8 compiling one bundle of them costs some 3 ms more, which a code cache saves.
// So the code behind the entries hookline/modules and hookline/register is one CommonJS script,
// dist/chunks/core.cjs, which dist/chunks/core.js runs with V8's code cache (see
// src/internal/cached-script.ts); the two entries are small ES modules that take their exports
// from it, so their state (the hook registry) exists once — once per process for each build, however
// many installed copies of it a program holds. Node 20's loader thread script is
// bundled on its own. Everything else stays as tsc wrote it.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const chunkFolder = 'chunks';
const threadEntry = 'modules/loaders/thread.js';

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// From an empty dist/: tsc leaves the output of a source that was removed or renamed, which the
// package would then ship (and which would still run).
rmSync(dist, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status || 1);

// Code that finds files beside it (the loader thread's script, package.json) reads
// import.meta.url. `up` leads from the folder of the output file back to dist/ (dist/chunks/ for
// the core), so `up` + the original path names the file the code was compiled to, wherever the
// bundle put it. `base` is the output's own URL: import.meta.url, or in the CommonJS core the
// `__hooklineUrl` its runner passes it.
const keepOwnUrl = (up, base = 'import.meta.url') => ({
  name: 'keep-own-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromDist = relative(dist, args.path).split(sep).join('/');
      const ownUrl = `new URL(${JSON.stringify(`${up}${fromDist}`)}, ${base}).href`;
      // The expressions, not the words (an error message may quote them): from the syntax tree.
      const found = [];
      simple(parse(text, { ecmaVersion: 'latest', sourceType: 'module' }), {
        MemberExpression(node) {
          const { object, property } = node;
          if (
            object.type === 'MetaProperty' &&
            object.meta.name === 'import' &&
            property.name === 'url'
          )
            found.push(node);
        },
      });
      let contents = text;
      for (const node of found.reverse()) {
        contents = contents.slice(0, node.start) + ownUrl + contents.slice(node.end);
      }
      return { contents, loader: 'js' };
    });
  },
});

/** What both bundles are: ES modules for Node 20+, dependencies left to node_modules. */
const bundleOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

const chunks = join(dist, chunkFolder);
rmSync(chunks, { recursive: true, force: true });

// The names hookline/modules exports, which its entry takes from the core.
const probe = await build({
  ...bundleOptions,
  entryPoints: [join(dist, 'modules', 'index.js')],
  outdir: join(dist, 'probe'),
  sourcemap: false,
  metafile: true,
  write: false,
});
const moduleExports = Object.values(probe.metafile.outputs).flatMap((output) => output.exports);
if (moduleExports.length === 0) throw new Error('bundle: hookline/modules exports nothing');

await build({
  ...bundleOptions,
  format: 'cjs',
  stdin: {
    contents:
      "export * from './modules/index.js';\nexport { startRegister } from './register/start.js';\nexport { undoAtTestFileEnd } from './modules/test-file-end.js';\nexport { offerImportMetaResolve } from './modules/loaders/import-meta-resolve.js';\nexport { setImportGate } from './modules/import-gate.js';\n",
    resolveDir: dist,
    sourcefile: 'core.js',
  },
  outfile: join(chunks, 'core.cjs'),
  plugins: [keepOwnUrl('../', '__hooklineUrl')],
});
wrapCore(join(chunks, 'core.cjs'));
// The code cache belongs to this content: a new build is compiled anew.
const coreId = createHash('sha256')
  .update(readFileSync(join(chunks, 'core.cjs')))
  .digest('hex')
  .slice(0, 16);
await build({
  ...bundleOptions,
  stdin: {
    // The core runs as a script, without import.meta: this chunk hands it its import.meta.resolve.
    contents: `import { runCachedScriptOnce } from './internal/cached-script.js';\nimport { scopeToTestFile } from './internal/test-file-realm.js';\nconst core = runCachedScriptOnce(new URL('./core.cjs', import.meta.url), ${JSON.stringify(coreId)});\ncore.offerImportMetaResolve((specifier) => import.meta.resolve(specifier));\nexport default scopeToTestFile(core);\n`,
    resolveDir: dist,
    sourcefile: 'core-runner.js',
  },
  outfile: join(chunks, 'core.js'),
  plugins: [keepOwnUrl('../')],
});

/**
 * Makes the core one function expression, which its runner (src/internal/cached-script.ts) has V8
 * compile from the file's text as it is, and calls with the arguments CommonJS gives a module and
 * the file's URL. The wrapper's first line is a line of its own, so the source map moves down one
 * line (an empty first line of mappings); the map's comment stays last.
 */
function wrapCore(file) {
  const mapComment = `//# sourceMappingURL=${file.split(sep).pop()}.map`;
  const text = readFileSync(file, 'utf8').trimEnd();
  if (!text.endsWith(mapComment)) throw new Error(`bundle: ${file} does not end in ${mapComment}`);
  const body = text.slice(0, -mapComment.length);
  writeFileSync(
    file,
    `(function (exports, require, module, __filename, __dirname, __hooklineUrl) {"use strict";\n${body}})\n${mapComment}\n`,
  );
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  map.mappings = `;${map.mappings}`;
  writeFileSync(`${file}.map`, JSON.stringify(map));
}

const entry = (path, text) => {
  writeFileSync(join(dist, path), text);
  rmSync(join(dist, `${path}.map`), { force: true });
};
entry(
  'modules/index.js',
  `// hookline/modules: its code is the core's (see scripts/build.mjs).\nimport core from '../chunks/core.js';\n\nexport const { ${moduleExports.join(', ')} } = core;\n`,
);
// hookline/audit lets its policies stop imports through this one function of the core's.
entry(
  'modules/import-gate.js',
  "// The audit's way into the core's import gate (see scripts/build.mjs).\nimport core from '../chunks/core.js';\n\nexport const { setImportGate } = core;\n",
);
entry(
  'register/index.js',
  "// hookline/register: its code is the core's (see scripts/build.mjs).\nimport core from '../chunks/core.js';\n\n// The preloads are imported from here, as `--import` would import them.\nawait core.startRegister((url) => import(url), import.meta.url);\n",
);

// Node 20's loader thread starts its own module graph from this script when an ES module is
// hooked: one file for it too, in place (it shares no state with the main thread's bundle).
await build({
  ...bundleOptions,
  entryPoints: [join(dist, threadEntry)],
  outfile: join(dist, threadEntry),
  allowOverwrite: true,
  plugins: [keepOwnUrl('../../')],
});
