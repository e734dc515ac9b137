/**
 * Audit the property reads of an object a third party made, and give a value to properties it
 * lacks (the talk's 3.2.2, on a `namedtuple` whose class it patched: `Point.__getattribute__`
 * reports each read, `Point.__getattr__` answers missing names). `observe` and `withDefaults`
 * wrap the one object in a Proxy instead, so other code holding `Point`s sees no change — and an
 * object whose class cannot be changed (frozen, a builtin's) can be audited all the same.
 */
import { observe, withDefaults } from 'hookline/proxy';

// A third party's value: frozen, as a namedtuple's fields are read-only.
const point = Object.freeze({ x: 1, y: 2 });

const audited = observe(point, { get: (key) => console.log(`** accessing :${String(key)}`) });
console.log(audited.x);
console.log(audited.y);

const defaulted = observe(
  withDefaults(point, (key) => {
    console.log(`** handling :${key}`);
    return key;
  }),
  { get: (key) => console.log(`** accessing :${String(key)}`) },
);
// Read after its fallback answered (observe reports what a read returned).
console.log(defaulted['z']);
