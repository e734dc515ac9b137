import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runJson } from './fixture.js';

test('bad arguments and options of hookline/modules are refused with ERR_HOOKLINE_INVALID_ARGUMENT naming the argument, what was given and what is accepted, and register nothing', () => {
  const { value, stderr } = runJson<{ refused: Record<string, string>; registered: string }>([
    'refused-arguments.mjs',
  ]);
  assert.equal(stderr, '');
  // Each call: where the message says the fault is, and what it says was given.
  const expected: Record<string, readonly [string, string]> = {
    'httpRepository()': ['httpRepository(options)', 'undefined'],
    'httpRepository(5)': ['httpRepository(options)', 'number 5'],
    'cacheDir: 5': ['httpRepository({ cacheDir })', 'number 5'],
    'timeout: -1': ['httpRepository({ timeout })', 'number -1'],
    'timeout: "5"': ['httpRepository({ timeout })', 'the string "5"'],
    'extension: 5': ['httpRepository({ extension })', 'number 5'],
    'headers: "h"': ['httpRepository({ headers })', 'the string "h"'],
    'headers: { a: 1 }': ['httpRepository({ headers })', '{ a: 1 }'],
    // Refused at the call, not at the first import as if the server were out of reach, and the
    // value (a token, say) is not shown.
    'headers: { "x y": "1" }': [
      'httpRepository({ headers })',
      'the header "x y", whose name HTTP does not allow',
    ],
    'headers: { authorization: "Bearer a\\nb" }': [
      'httpRepository({ headers })',
      'the header "authorization", whose value HTTP does not allow',
    ],
    'lock: "no"': ['httpRepository({ lock })', 'the string "no"'],
    'timout: 5': ['httpRepository(options)', 'the unknown option "timout"'],
    'lazyImport("x", 42)': ['lazyImport(specifier, options)', 'number 42'],
    'lazyImport("x", { from: 42 })': ['lazyImport(specifier, { from })', 'number 42'],
    'lazyImport("x", { form: "." })': [
      'lazyImport(specifier, options)',
      'the unknown option "form"',
    ],
    'lazyImport("   ")': ['lazyImport(specifier)', 'the string "   "'],
    'registerScheme("repo", loader, 42)': ['registerScheme("repo", loader, options)', 'number 42'],
    'registerScheme("repo", loader, { async: "yes" })': [
      'registerScheme("repo", loader, { async })',
      'the string "yes"',
    ],
    'registerScheme("repo", loader, { asnyc: true })': [
      'registerScheme("repo", loader, options)',
      'the unknown option "asnyc"',
    ],
    'mockModule("   ", {})': ['mockModule(specifier, exports)', 'the string "   "'],
    'onImport("  ", handler)': ['onImport(match, handler)', 'the string "  "'],
    'onImport(["x", " "], handler)': ['onImport(match, handler)', "[ 'x', ' ' ]"],
    'onImport([], handler)': ['onImport(match, handler)', '[]'],
    'redirect("\\t", "./lib")': ['redirect(specifier, replacement)', 'the string "\\t"'],
  };
  assert.deepEqual(Object.keys(value.refused), Object.keys(expected));
  for (const [call, [where, received]] of Object.entries(expected)) {
    const message = value.refused[call] ?? '';
    assert.ok(
      message.startsWith(`ERR_HOOKLINE_INVALID_ARGUMENT: ${where}: Expected `) &&
        message.includes(` but got ${received}. `),
      `${call}: ${message}`,
    );
  }
  // What is accepted, and a misspelt option's likely meaning.
  assert.match(value.refused['timeout: -1'] ?? '', /Expected a number of milliseconds above 0/);
  assert.match(
    value.refused['timout: 5'] ?? '',
    /Expected only the options url, cacheDir, integrity, lock, refresh, extension, headers, timeout but got the unknown option "timout"\. Did you mean "timeout"\?$/,
  );
  // Two neighbouring letters swapped are one slip.
  assert.match(value.refused['lazyImport("x", { form: "." })'] ?? '', /Did you mean "from"\?$/);
  assert.match(
    value.refused['registerScheme("repo", loader, { asnyc: true })'] ?? '',
    /Did you mean "async"\?$/,
  );
  assert.match(
    value.refused['registerScheme("repo", loader, { async: "yes" })'] ?? '',
    /Expected true or false/,
  );
  // An empty list is no slip of a name: it hooks nothing, which is never what was meant.
  assert.match(
    value.refused['onImport([], handler)'] ?? '',
    /but got \[\]\. An empty list hooks nothing: name at least one module, or skip the call when there is none\.$/,
  );
  assert.equal(value.registered, 'registered');
});
