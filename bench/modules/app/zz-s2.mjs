import { createRequire } from 'node:module';
import { lazyImport, onImport, registerScheme, transform } from '/work/main/dist/modules/index.js';

const require = createRequire(import.meta.url);
const out = [];
const log = (...a) => out.push(a.join(' '));
// regexp over an ESM package's many modules
let seen = 0;
const u1 = onImport(/^lodash-es(\/|$)/, (exports, info) => {
  seen++;
  return exports;
});
const le = await import('lodash-es');
log('lodash-es regexp handler calls', seen, typeof le.default.chunk);
u1();
// predicate over express deep files
const names = [];
const u2 = onImport(
  (s) => s.startsWith('express'),
  (e, info) => {
    names.push(`${info.name}@${info.version} ${info.format}`);
    return e;
  },
);
const ex = require('express');
log('express predicate', names.join(';'));
u2();
// onImport patch of an ESM function export, seen by a later importer (date-fns ESM via import)
const u3 = onImport('date-fns', (e) => ({ ...e, format: () => 'PATCHED' }));
const df = await import('date-fns');
log('date-fns patched', df.format(new Date(), 'yyyy'));
u3();
// lazyImport of an ESM-only package
const chalk = lazyImport('chalk');
log('lazy chalk', typeof chalk.default.red, chalk.default.red('x').includes('x'));
// scheme module importing real packages
registerScheme('mem', (url) => ({
  source: `import semver from 'semver'; import { v4 } from 'uuid'; export const ok = semver.valid('1.2.3') && typeof v4() === 'string';`,
}));
log('scheme', (await import('mem:x')).ok);
const rq = require('mem:y');
log('scheme require', rq.ok);
console.log(out.join('\n'));
