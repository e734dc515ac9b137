import { httpRepository, registerScheme } from 'hookline/modules';
const cacheDir = '/tmp/repro-c/cache-pinb-' + process.version;
const wrong = 'sha384-' + 'A'.repeat(64);
const files = { 'team/a.js': "export { greet } from './util.js';" };
registerScheme('repo', httpRepository({ url: 'http://127.0.0.1:18773/', cacheDir, integrity: { 'team/util': wrong } }));
try { console.log((await import('repo:team/a')).greet); } catch (e) { console.log('refused:', e.code); }
for (const bad of [{ 'team/util': 'sha256:0123abcd' }, { 'x': 'sha384-abc' }, { '': wrong }, { a: wrong, 'a.js': 'sha512-' + 'B'.repeat(86) + '==' }, [1]]) {
  try { httpRepository({ url: 'http://127.0.0.1:18773/', integrity: bad }); console.log('accepted', bad); } catch (e) { console.log(e.code, e.message); }
}
