// biome-ignore-all lint/complexity/noStaticOnlyClass: classes whose static members a decorator is tried on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { guard, logged, retry, stub, timed } from 'hookline/decorators';

type AnyUse = (value: unknown, context: unknown) => void;

/** Each method decorator, as `@` would apply it. */
const methodDecorators: [string, AnyUse][] = [
  ['logged', logged as unknown as AnyUse],
  ['timed', timed as unknown as AnyUse],
  ['retry', retry({ times: 1 }) as unknown as AnyUse],
  ['guard', guard(() => true) as unknown as AnyUse],
  ['stub', stub(0) as unknown as AnyUse],
];

describe('method decorators on the wrong kind of element are refused as the class is defined', () => {
  for (const [name, decorator] of methodDecorators) {
    test(`@${name} on a field, a getter, an accessor and a class`, () => {
      assert.throws(
        () => {
          class Job {
            @decorator
            handler = () => 1;
          }
          return Job;
        },
        {
          name: 'TypeError',
          code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
          message: new RegExp(
            `^@${name} on the field "handler": Expected a method but got a field\\. Make the field a method, or wrap the function it holds: handler = ${name}\\(`,
          ),
        },
      );
      // The way out names the field as it is declared.
      assert.throws(
        () => {
          class Button {
            @decorator
            onHover = () => 1;
          }
          return Button;
        },
        {
          message: new RegExp(
            `^@${name} on the field "onHover": .* wrap the function it holds: onHover = ${name}\\(`,
          ),
        },
      );
      assert.throws(
        () => {
          class Button {
            @decorator
            static #onClick = () => 1;
            static click(): number {
              return Button.#onClick();
            }
          }
          return Button;
        },
        {
          message: new RegExp(
            `^@${name} on the static field "#onClick": .* wrap the function it holds: static #onClick = ${name}\\(`,
          ),
        },
      );
      assert.throws(
        () => {
          class Job {
            @decorator
            static get status(): number {
              return 1;
            }
          }
          return Job;
        },
        { message: new RegExp(`^@${name} on the static getter "status": Expected a method`) },
      );
      assert.throws(
        () => {
          class Job {
            @decorator accessor count = 0;
          }
          return Job;
        },
        {
          message: new RegExp(
            `^@${name} on the accessor field "count": Expected a method but got an accessor field\\. .*: accessor count = ${name}\\(`,
          ),
        },
      );
      assert.throws(
        () => {
          @decorator
          class Job {}
          return Job;
        },
        {
          message: new RegExp(
            `^@${name} on the class Job: Expected a method but got a class\\. Write @${name} on each method`,
          ),
        },
      );
    });
  }

  test('a plain call with something other than a function, or a stray second argument', () => {
    assert.throws(() => (logged() as unknown as AnyUse)('greet', undefined), {
      code: 'ERR_HOOKLINE_NOT_A_FUNCTION',
      message: /^logged\(fn\): Expected a function to wrap/,
    });
    assert.throws(() => (logged as unknown as AnyUse)(() => 1, { prefix: '+' }), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /logged\(fn, …\): Expected the function alone, or a decorator context after it/,
    });
  });
});
