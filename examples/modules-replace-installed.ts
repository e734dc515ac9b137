/**
 * Replace an installed module with a local version (the talk's 2.1.4). Python puts
 * `./import_hook_lib` first on `sys.path`; `redirect` sends every `import` and `require` of the
 * name to the local copy instead — without touching NODE_PATH, and for ES modules too.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { redirect } from 'hookline/modules';
import { fixtures } from './fixtures/modules/paths.js';

// Resolve "urllib2" the way a program in the fixtures folder would: the installed one is there.
const require = createRequire(join(fixtures, 'program.js'));
{
  using _redirect = redirect('urllib2', join(fixtures, 'import_hook_lib', 'urllib2.cjs'));
  const urllib2 = require('urllib2');
  console.log(`returned: ${urllib2.urlopen('http://localhost:8888/notebooks')}`);
}
// After the undo, new importers get the installed one again (a module that already holds the
// local copy keeps it).
try {
  require('urllib2').urlopen('http://localhost:8888/notebooks');
} catch (error) {
  console.log(`after the undo: ${(error as Error).message}`);
}
