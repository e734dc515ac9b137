/**
 * Validate what is set on an object's fields (the talk's 3.2.3, an `IntegerProperty` descriptor).
 * `@range` on an `accessor` field checks the value as it is initialised and at every set, and
 * nothing is assigned when it is refused. The talk's descriptor kept the value on itself, so every
 * `People` shared one `age`; an accessor's value belongs to each instance.
 */
import { range } from 'hookline/decorators';

class People {
  @range(1, 130) accessor age: number;
  @range(1, 230) accessor height: number;

  constructor(age: number, height: number) {
    this.age = age;
    this.height = height;
  }
}

function attempt(what: string, fn: () => void): void {
  try {
    fn();
    console.log(`${what}: allowed`);
  } catch (error) {
    console.log(`${what}: refused (${(error as Error & { code: string }).code})`);
  }
}

const p = new People(1, 200);
attempt('p.age = 10', () => {
  p.age = 10;
});
attempt('p.age = 0', () => {
  p.age = 0;
});
attempt('new People(-1, 200)', () => new People(-1, 200));
const q = new People(30, 180);
console.log(`each instance its own: p.age ${p.age}, q.age ${q.age}`);
