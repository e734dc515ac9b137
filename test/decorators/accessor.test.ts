// biome-ignore-all lint/complexity/noStaticOnlyClass: classes whose static members a decorator is tried on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { range, validate } from 'hookline/decorators';

describe('range: a number accessor field kept within limits', () => {
  test('initial value and every set are checked; each instance keeps its own value', () => {
    class Person {
      @range(1, 130) accessor age = 1;
    }
    const ann = new Person();
    const bob = new Person();
    ann.age = 42;
    bob.age = 7;
    assert.equal(ann.age, 42);
    assert.equal(bob.age, 7, "the seed's descriptor shared one value; each instance has its own");
    ann.age = 130;
    ann.age = 1;
    assert.equal(ann.age, 1);
  });

  test('a value out of range is refused, naming the field, the value and the range; nothing is assigned', () => {
    class Person {
      @range(1, 130) accessor age = 30;
    }
    const person = new Person();
    assert.throws(
      () => {
        person.age = 200;
      },
      (error: RangeError & { code?: string }) => {
        assert.ok(error instanceof RangeError);
        assert.equal(error.code, 'ERR_HOOKLINE_OUT_OF_RANGE');
        assert.equal(
          error.message,
          'Person.age: Expected a number from 1 to 130 but got number 200. Nothing was assigned: keep age from 1 to 130, or widen the range in @range(1, 130).',
        );
        return true;
      },
    );
    assert.throws(() => {
      person.age = 0;
    }, RangeError);
    assert.throws(() => {
      person.age = Number.NaN;
    }, RangeError);
    assert.equal(person.age, 30);
  });

  test('the initial value is checked as the instance is made', () => {
    class Cup {
      @range(0, 100) accessor fill = 150;
    }
    assert.throws(() => new Cup(), { code: 'ERR_HOOKLINE_OUT_OF_RANGE', message: /Cup\.fill/ });
  });

  test("a field declared without an initial value is checked at the constructor's set (the seed's __init__)", () => {
    class People {
      @range(1, 130) accessor age: number;
      constructor(age: number) {
        this.age = age;
      }
    }
    assert.equal(new People(30).age, 30);
    assert.throws(() => new People(-1), {
      code: 'ERR_HOOKLINE_OUT_OF_RANGE',
      message: /People\.age/,
    });
  });

  test('one-sided ranges, and a value that is no number', () => {
    class Stock {
      @range(0) accessor count = 0;
      @range(undefined, 10) accessor priority = 10;
    }
    const stock = new Stock();
    stock.count = 1e9;
    assert.throws(
      () => {
        stock.count = -1;
      },
      { message: /Expected a number of at least 0 but got number -1/ },
    );
    assert.throws(
      () => {
        stock.priority = 11;
      },
      { message: /Expected a number of at most 10/ },
    );
    assert.throws(
      () => {
        (stock as { count: unknown }).count = '5';
      },
      {
        name: 'TypeError',
        code: 'ERR_HOOKLINE_INVALID_VALUE',
        message: /Stock\.count: Expected a number of at least 0 but got the string "5"/,
      },
    );
    assert.equal(stock.count, 1e9);
  });

  test('a static accessor is checked too, named by its class', () => {
    class Config {
      @range(1, 64) static accessor workers = 4;
    }
    Config.workers = 8;
    assert.equal(Config.workers, 8);
    assert.throws(
      () => {
        Config.workers = 100;
      },
      { message: /^Config\.workers: / },
    );
  });

  test('bad limits are refused as they are given', () => {
    assert.throws(() => range(10, 1), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /range\(10, 1\): Expected min no greater than max.*range\(1, 10\)/,
    });
    assert.throws(() => range('1' as unknown as number), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /min: Expected a number, or undefined/,
    });
    assert.throws(() => range(0, Number.NaN), { code: 'ERR_HOOKLINE_INVALID_ARGUMENT' });
  });

  test('on a plain field it is refused as the class is defined, saying to write accessor', () => {
    const anyUse = range(1, 130) as unknown as (value: unknown, context: unknown) => void;
    assert.throws(
      () => {
        class Person {
          @anyUse
          age = 1;
        }
        return Person;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message:
          /^@range on the field "age": Expected an accessor field but got a field\. Write accessor before the field.*@range\(1, 130\) accessor age = …;$/,
      },
    );
    assert.throws(
      () => {
        class Person {
          @anyUse
          setAge(): void {}
        }
        return Person;
      },
      { code: 'ERR_HOOKLINE_INVALID_ARGUMENT', message: /@range on the method "setAge"/ },
    );
  });

  test('@range written without limits is refused', () => {
    const bare = range as unknown as (value: unknown, context: unknown) => void;
    assert.throws(
      () => {
        class Person {
          @bare accessor age = 1;
        }
        return Person;
      },
      { code: 'ERR_HOOKLINE_INVALID_ARGUMENT', message: /Call it: @range\(1, 130\)\./ },
    );
  });
});

describe('validate: an accessor field checked by a function', () => {
  test('false refuses a value, naming field and value; nothing is assigned; per instance', () => {
    const isEmail = (email: string) => email.includes('@');
    class User {
      @validate(isEmail) accessor email = 'a@example.com';
    }
    const ann = new User();
    const bob = new User();
    bob.email = 'bob@example.com';
    assert.equal(ann.email, 'a@example.com');
    assert.throws(
      () => {
        ann.email = 'nobody';
      },
      {
        name: 'TypeError',
        code: 'ERR_HOOKLINE_INVALID_VALUE',
        message:
          'User.email: Expected a value the check isEmail accepts but got the string "nobody". Nothing was assigned: give email a value the check isEmail returns true for.',
      },
    );
    assert.equal(ann.email, 'a@example.com');
    assert.equal(bob.email, 'bob@example.com');
  });

  test('a check that throws refuses with its own error; undefined lets the value in', () => {
    class Order {
      @validate((quantity: number) => {
        if (!Number.isInteger(quantity)) throw new RangeError('whole units only');
      })
      accessor quantity = 1;
    }
    const order = new Order();
    order.quantity = 3;
    assert.throws(
      () => {
        order.quantity = 2.5;
      },
      { name: 'RangeError', message: 'whole units only' },
    );
    assert.equal(order.quantity, 3);
  });

  test('the initial value is checked as the instance is made', () => {
    class Named {
      @validate((name: string) => name !== '') accessor name = '';
    }
    assert.throws(() => new Named(), {
      code: 'ERR_HOOKLINE_INVALID_VALUE',
      message: /Named\.name/,
    });
  });

  test('on a plain field it is refused, saying to write accessor; a check must be a function', () => {
    const anyUse = validate(() => true) as unknown as (value: unknown, context: unknown) => void;
    assert.throws(
      () => {
        class User {
          @anyUse
          email = '';
        }
        return User;
      },
      {
        code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
        message: /@validate on the field "email".*accessor/,
      },
    );
    assert.throws(() => validate('nonEmpty' as unknown as () => boolean), {
      code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
      message: /validate\(check\): Expected a function/,
    });
  });
});
