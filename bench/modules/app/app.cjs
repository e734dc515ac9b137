// The benchmark's CommonJS entry: loads the whole dependency tree, then exits. lodash-es,
// chalk and yargs ship only ES modules: they load through require(esm).
const loaded = [
  require('@babel/parser').parse,
  require('axios'),
  require('chalk').default,
  require('date-fns').format,
  require('debug'),
  require('express'),
  require('lodash-es').chunk,
  require('rxjs').of,
  require('semver'),
  require('typescript'),
  require('uuid').v4,
  require('ws').WebSocketServer,
  require('yargs'),
  require('zod').z,
];
if (loaded.some((x) => x === undefined)) throw new Error('a package did not load');
