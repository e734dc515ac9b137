#!/usr/bin/env node
// The build (npm run build, npm test, npm run bench): tsc compiles src/ into dist/, then this
// bundles what `node --import hookline/register` loads before the program starts (the entries
// hookline/modules and hookline/register, compiled by tsc into dist/) into three files: the two
// entries and one chunk they share, so their state (the hook registry) exists once. Node loads
// a module file in about a millisecond; the ~45 files of the unbundled graph cost 40–50 ms of
// every start-up, a bundle of them next to nothing. Node 20's loader thread script gets the same
// treatment on its own. Everything else stays as tsc wrote it.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const entries = ['modules/index.js', 'register/index.js'];
const chunkFolder = 'chunks';
const threadEntry = 'modules/loaders/thread.js';

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status || 1);

// Code that finds files beside it (the loader thread's script, package.json) reads
// import.meta.url. `up` leads from the folder of the output file back to dist/ (every output of
// the main bundle sits one folder below it: dist/modules/index.js, dist/register/index.js,
// dist/chunks/*.js), so `up` + the original path names the file the code was compiled to,
// wherever the bundle put it.
const keepOwnUrl = (up) => ({
  name: 'keep-own-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromDist = relative(dist, args.path).split(sep).join('/');
      const ownUrl = `new URL(${JSON.stringify(`${up}${fromDist}`)}, import.meta.url).href`;
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

const result = await build({
  ...bundleOptions,
  entryPoints: entries.map((entry) => join(dist, entry)),
  outdir: dist,
  outbase: dist,
  splitting: true,
  chunkNames: `${chunkFolder}/[name]-[hash]`,
  plugins: [keepOwnUrl('../')],
  write: false,
});
for (const file of result.outputFiles) {
  const path = relative(dist, file.path);
  if (path.split(sep).length !== 2) {
    throw new Error(`bundle: ${path} is not one folder below dist/; see keepOwnUrl`);
  }
}
rmSync(join(dist, chunkFolder), { recursive: true, force: true });
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.contents);
}

// Node 20's loader thread starts its own module graph from this script when an ES module is
// hooked: one file for it too, in place (it shares no state with the main thread's bundle).
await build({
  ...bundleOptions,
  entryPoints: [join(dist, threadEntry)],
  outfile: join(dist, threadEntry),
  allowOverwrite: true,
  plugins: [keepOwnUrl('../../')],
});
