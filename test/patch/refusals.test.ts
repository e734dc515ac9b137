import assert from 'node:assert/strict';
import * as fsNamespace from 'node:fs';
import { describe, test } from 'node:test';
import { captureOutput, patch, replace, spy } from 'hookline/patch';
import { ownDescriptors } from '../helpers/descriptors.js';

interface Refusal {
  readonly code: string;
  readonly message: RegExp;
}

/** Runs `attempt`, expects a coded TypeError, and checks that `target` did not change. */
function assertRefused(target: object, attempt: () => unknown, expected: Refusal): void {
  const before = ownDescriptors(target);
  assert.throws(attempt, (error: unknown) => {
    assert.ok(error instanceof TypeError, 'a TypeError');
    assert.equal((error as { code?: unknown }).code, expected.code);
    assert.match(error.message, expected.message);
    return true;
  });
  assert.deepEqual(ownDescriptors(target), before, 'nothing changed');
}

const noop = (original: Function, self: unknown, args: unknown[]) =>
  Reflect.apply(original, self, args);

describe('refusals name the target, the key and the way out, and change nothing', () => {
  test('a missing property', () => {
    const api = { fetch() {} };
    assertRefused(api, () => patch(api, 'fetchh' as 'fetch', noop), {
      code: 'ERR_HOOKLINE_MISSING_PROPERTY',
      message: /^patch\(\{ fetch \}, "fetchh"\): Expected an existing property .* use replace\(\)/,
    });
    assertRefused(api, () => spy(api, 'nope' as 'fetch'), {
      code: 'ERR_HOOKLINE_MISSING_PROPERTY',
      message: /^spy\(\{ fetch \}, "nope"\)/,
    });
  });

  test('a value that is not a function', () => {
    const config = { retries: 3 };
    assertRefused(config, () => patch(config as never, 'retries', noop as never), {
      code: 'ERR_HOOKLINE_NOT_A_FUNCTION',
      message: /Expected a function but got number 3\. Use replace\(\)/,
    });
  });

  test("process.env: named as such, an environment variable's value never shown", () => {
    const secret = 'sk-live-SECRET-123';
    using _token = replace(process.env, 'HOOKLINE_TEST_TOKEN', secret);
    for (const attempt of [
      () => spy(process.env, 'HOOKLINE_TEST_TOKEN' as never),
      () => patch(process.env, 'HOOKLINE_TEST_TOKEN', noop as never),
    ]) {
      assert.throws(attempt, (error: unknown) => {
        assert.equal((error as { code?: unknown }).code, 'ERR_HOOKLINE_NOT_A_FUNCTION');
        const { message } = error as Error;
        assert.match(
          message,
          /^(spy|patch)\(process\.env, "HOOKLINE_TEST_TOKEN"\): Expected a function but got a string of 18 characters \(the value of an environment variable, not shown\)\. Use replace\(\)/,
        );
        assert.equal(message.includes(secret), false);
        return true;
      });
    }
  });

  test('process.env holds strings named by strings: a symbol value or key is refused as such', () => {
    // Not compared whole before and after: a failing comparison would print the environment.
    assert.throws(() => replace(process.env, 'HOOKLINE_TEST_MODE', Symbol('fast') as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /^replace\(process\.env, "HOOKLINE_TEST_MODE"\): Expected a string \(process\.env holds strings only\) but got a symbol\. Pass the value as a string .* or undefined to unset the variable while replaced\.$/,
    });
    assert.equal('HOOKLINE_TEST_MODE' in process.env, false);
    const mode = Symbol('mode');
    assert.throws(() => replace(process.env, mode, 'fast'), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /^replace\(process\.env, Symbol\(mode\)\): Expected the name of an environment variable \(a string\) but got a symbol\. process\.env names its variables by strings/,
    });
    assert.equal(Object.getOwnPropertySymbols(process.env).length, 0);
  });

  test('a non-configurable, read-only property', () => {
    const target = {};
    Object.defineProperty(target, 'fixed', {
      value: () => 1,
      writable: false,
      configurable: false,
    });
    assertRefused(target, () => patch(target as { fixed: () => number }, 'fixed', noop), {
      code: 'ERR_HOOKLINE_NOT_CONFIGURABLE',
      message:
        /"fixed"\): Expected a configurable or writable property but got a non-configurable, read-only property/,
    });
    assertRefused(target, () => replace(target as { fixed: () => number }, 'fixed', () => 2), {
      code: 'ERR_HOOKLINE_NOT_CONFIGURABLE',
      message: /^replace\(/,
    });
  });

  test('a frozen target', () => {
    const frozen = Object.freeze({ run() {} });
    assertRefused(frozen, () => patch(frozen, 'run', noop), {
      code: 'ERR_HOOKLINE_FROZEN_TARGET',
      message: /a property of a frozen object/,
    });
  });

  test('a sealed or non-extensible target cannot get an own property over an inherited one', () => {
    class Base {
      run() {}
    }
    const sealed = Object.seal(Object.assign(new Base(), { id: 1 }));
    assertRefused(sealed, () => patch(sealed, 'run', noop), {
      code: 'ERR_HOOKLINE_FROZEN_TARGET',
      message: /a sealed object\. Patch the object the property is inherited from/,
    });
    const closed = Object.preventExtensions({ id: 1 });
    assertRefused(closed, () => replace(closed, 'added', 1), {
      code: 'ERR_HOOKLINE_FROZEN_TARGET',
      message: /not extensible\. Add the property before/,
    });
    // An object with no properties is frozen to JavaScript as soon as it is sealed: the refusal
    // says what it cannot do, not which call made it so; the target is named by its hidden keys.
    const hidden = Object.seal(Object.defineProperty({}, 'secret', { value: 1 }));
    const empty = Object.seal({});
    assertRefused(empty, () => replace(empty as { added?: number }, 'added', 1), {
      code: 'ERR_HOOKLINE_FROZEN_TARGET',
      message:
        /^replace\(an empty object, "added"\): .* but got an object that cannot take properties\./,
    });
    assertRefused(hidden, () => replace(hidden as { added?: number }, 'added', 1), {
      code: 'ERR_HOOKLINE_FROZEN_TARGET',
      message: /^replace\(\{ secret \}, "added"\): .* but got a frozen object\./,
    });
  });

  test('an ES module namespace points to onImport', () => {
    assert.throws(() => patch(fsNamespace as never, 'readFileSync', noop as never), {
      code: 'ERR_HOOKLINE_MODULE_NAMESPACE',
      message: /an ES module namespace.*onImport\(\) from hookline\/modules/,
    });
  });

  test('a re-export getter, as TypeScript and bundlers emit', () => {
    const source = { helper: () => 'helper' };
    const reexports = {};
    Object.defineProperty(reexports, 'helper', { enumerable: true, get: () => source.helper });
    assertRefused(reexports, () => patch(reexports as typeof source, 'helper', noop), {
      code: 'ERR_HOOKLINE_REEXPORT_GETTER',
      message: /re-exports\. Patch the module that defines the export/,
    });
  });

  test('an accessor option on a data property, or on a missing getter', () => {
    const target = { value: () => 1 };
    assertRefused(target, () => patch(target, 'value', noop as never, { accessor: 'get' }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /Expected an accessor property \(with a getter\) but got a data property/,
    });
    const writeOnly = {};
    Object.defineProperty(writeOnly, 'sink', { set: () => {}, configurable: true });
    assertRefused(
      writeOnly,
      () => patch(writeOnly as { sink: number }, 'sink', noop as never, { accessor: 'get' }),
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message: /an accessor with only a setter/,
      },
    );
    assertRefused(target, () => patch(target, 'value', noop, { accessor: 'both' as never }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /^patch\(\{ value \}, "value", …, \{ accessor \}\): Expected 'get' or 'set'/,
    });
  });

  test('bad arguments: a primitive target, a wrapper that is not a function', () => {
    assert.throws(() => patch(42 as never, 'x' as never, noop as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /^patch\(…\): Expected an object or a function as the target but got number 42/,
    });
    const target = { f() {} };
    assertRefused(target, () => patch(target, 'f', 'wrapper' as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /^patch\(\{ f \}, "f", wrapper\): Expected a wrapper function .* but got the string "wrapper"/,
    });
  });

  test('a Proxy that refuses the new property: a coded error with the cause', () => {
    const proxy = new Proxy({ f() {} }, { defineProperty: () => false });
    assert.throws(
      () => patch(proxy, 'f', noop),
      (error: unknown) => {
        assert.equal((error as { code?: unknown }).code, 'ERR_HOOKLINE_NOT_CONFIGURABLE');
        assert.ok((error as Error).cause instanceof TypeError);
        return true;
      },
    );
  });

  test('a getter that throws: said so, with the error as the cause', () => {
    const boom = new Error('not ready');
    const lazy = {
      get handler(): () => void {
        throw boom;
      },
    };
    assert.throws(
      () => patch(lazy, 'handler', noop),
      (error: unknown) => {
        assert.equal((error as { code?: unknown }).code, 'ERR_HOOKLINE_NOT_A_FUNCTION');
        assert.match((error as Error).message, /an accessor whose getter threw: not ready/);
        assert.equal((error as Error).cause, boom);
        return true;
      },
    );
  });

  test('a lazy getter that replaces itself while a refused patch reads it is put back', () => {
    let computed = 0;
    const config = {
      get settings(): object {
        computed++;
        const value = { debug: true };
        Object.defineProperty(this, 'settings', { value, enumerable: true });
        return value;
      },
    };
    assertRefused(config, () => spy(config as Record<string, unknown>, 'settings'), {
      code: 'ERR_HOOKLINE_NOT_A_FUNCTION',
      message: /Expected a function but got \{ debug: true \}/,
    });
    assert.equal(computed, 1);
  });

  test('a misspelt option, or one that is not true or false, is refused rather than run with its default', () => {
    const api = { load: () => 1 };
    assertRefused(api, () => spy(api, 'load', { stak: true } as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /^spy\(target, key, options\): Expected only the options accessor, settle, stack but got the unknown option "stak"\. Did you mean "stack"\?/,
    });
    assertRefused(api, () => spy(api, 'load', { settle: 'no' } as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message:
        /^spy\(target, key, \{ settle \}\): Expected true, false or nothing but got the string "no"/,
    });
    assertRefused(api, () => patch(api, 'load', () => 2, { accesor: 'get' } as never), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /unknown option "accesor"\. Did you mean "accessor"\?/,
    });
    const write = process.stdout.write;
    assert.throws(
      () => captureOutput({ stdot: true } as never),
      /captureOutput\(options\): .*unknown option "stdot"\. Did you mean "stdout"\?/,
    );
    assert.throws(
      () => captureOutput({ stdout: 'yes' } as never),
      /captureOutput\(\{ stdout \}\): Expected true, false or nothing but got the string "yes"/,
    );
    assert.equal(process.stdout.write, write, 'nothing captured');
  });

  test('a plain object tagged "Module" is not a module namespace', () => {
    const registry = { [Symbol.toStringTag]: 'Module', find: () => 1 };
    using _ = patch(registry, 'find', () => 2);
    assert.equal(registry.find(), 2);
  });
});
