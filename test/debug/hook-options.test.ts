// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in plain strings is what interpolate() reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callerLocals, hook, interpolate } from 'hookline/debug';

// Bad arguments are refused before anything happens, with a coded error that names the way
// out. (A valid hook() is never called here: the test runner may have a terminal.)

const refusals: [string, () => unknown, RegExp][] = [
  [
    'a non-object',
    () => hook('banner' as never),
    /^hook\(options\): Expected an options object or nothing but got the string "banner"\./,
  ],
  [
    'an unknown option',
    () => hook({ overwrite: true } as never),
    /^hook\(\{ overwrite \}\): Expected one of banner, overwriteLocals, snapshot, logger but got unknown option "overwrite"\. Remove the option or check its spelling\.$/,
  ],
  [
    'a banner that is not a string',
    () => hook({ banner: 3 as never }),
    /^hook\(\{ banner \}\): Expected a string but got number 3\./,
  ],
  [
    'overwriteLocals not a boolean',
    () => hook({ overwriteLocals: 'yes' as never }),
    /^hook\(\{ overwriteLocals \}\): Expected true or false/,
  ],
  [
    'an unknown snapshot',
    () => hook({ snapshot: 'full' as never }),
    /^hook\(\{ snapshot \}\): Expected 'shallow' or 'deep' but got the string "full"\./,
  ],
  [
    'a logger that cannot log',
    () => hook({ logger: {} as never }),
    /^hook\(\{ logger \}\): Expected a function or an object with a debug\(message\) method/,
  ],
  [
    'interpolate of a non-string',
    () => interpolate(5 as never),
    /^interpolate\(template\): Expected a string but got number 5\./,
  ],
  [
    'an unclosed ${',
    () => interpolate('total: ${total'),
    /^interpolate\(template\): Expected every \$\{ to be closed by a matching \} but got an unclosed \$\{ at offset 7\./,
  ],
  ['an empty ${}', () => interpolate('a ${ } b'), /Expected an expression inside each \$\{\}/],
];

for (const [what, call, message] of refusals) {
  test(`refuses ${what} with ERR_HOOKLINE_INVALID_ARGUMENT`, () => {
    assert.throws(call, (error: unknown) => {
      assert.ok(error instanceof TypeError);
      assert.equal((error as { code?: string }).code, 'ERR_HOOKLINE_INVALID_ARGUMENT');
      assert.match((error as Error).message, message);
      return true;
    });
  });
}

test('interpolate() of a template without ${ returns it without pausing', () => {
  assert.equal(interpolate('plain \\${x} text'), 'plain ${x} text');
});

test('callerLocals() works in this very process', () => {
  const local = { here: true };
  assert.equal(callerLocals()['local'], local);
});
