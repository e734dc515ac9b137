/**
 * Make an external module importable without changing the program (the talk's 2.1.1: by
 * PYTHONPATH, or a `.pth` file in site-packages that also runs `import hello_world` at start-up).
 * Node's counterparts, each run here in a child process on an unchanged program:
 *
 * 1. `node --import <module>`: runs a module before the program, like the `.pth` import line.
 * 2. `NODE_PATH`: extra folders for `require` — like PYTHONPATH, but CommonJS only.
 * 3. package.json `imports` (`#hello_world`): the package maps the name, for import and require.
 * 4. hookline/register with `HOOKLINE_PRELOAD` (or package.json "hookline": { "preload" }):
 *    preloads configured outside the program, and the hooks they add are in place before it loads.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fixtures } from './fixtures/modules/paths.js';

const lib = join(fixtures, 'import_hook_lib');
const app = join(fixtures, 'app');

function run(title: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(process.execPath, args, {
    cwd: fixtures,
    encoding: 'utf8',
    env: { ...process.env, NODE_DEBUG: '', ...env },
  });
  console.log(`${title}:`);
  for (const line of `${result.stdout}${result.stderr}`.trim().split('\n'))
    console.log(`  ${line}`);
}

run('plain', [join(app, 'plain.mjs')]);
run('1. --import', ['--import', join(lib, 'hello_world.mjs'), join(app, 'plain.mjs')]);
run('2. NODE_PATH (require only)', [join(app, 'uses-require.cjs')], { NODE_PATH: lib });
run('3. package.json imports', [join(app, 'uses-import-map.mjs')]);
run(
  '4. hookline/register + HOOKLINE_PRELOAD',
  ['--import', 'hookline/register', join(app, 'plain.mjs')],
  {
    HOOKLINE_PRELOAD: join(lib, 'hello_world.mjs'),
  },
);
