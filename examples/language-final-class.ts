/**
 * A class that cannot be extended (the talk's 3.6.2, a `final` metaclass that refuses
 * `class C(B)` as it is defined). JavaScript tells a class nothing when another extends it — the
 * only trace of `extends` is a read of `B.prototype`, which `new` and `instanceof` make all the
 * time — so `@final` refuses where it can: the first `new` of a subclass, with an error naming both.
 */
import { final } from 'hookline/decorators';

class A {}

@final
class B extends A {}

class C extends B {}

console.log(`new B() works: ${new B() instanceof B}`);
try {
  new C();
} catch (error) {
  const { code, message } = error as Error & { code: string };
  console.log(`${code}: ${message}`);
}
