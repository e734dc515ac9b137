// The talk's "function is object and mutable": a function carries properties of its own, which
// can be added and deleted. A patch keeps them: the wrapped function shows the same properties
// as the original, so code that reads them (a version tag, util.promisify.custom) still works.
import { patch } from 'hookline/patch';

function fn(): string {
  return 'fn';
}
const mod = { fn };

Object.assign(fn, { hello: 100, word: 'abc' });
console.log('own properties:', Object.keys(fn));
Reflect.deleteProperty(fn, 'hello');
console.log('after delete hello:', Object.keys(fn));

using _ = patch(mod, 'fn', (original, self, args) => `wrapped ${original.apply(self, args)}`);
console.log('patched call:', mod.fn());
console.log(
  'the patched function keeps them:',
  Object.keys(mod.fn),
  (mod.fn as unknown as { word: string }).word,
);
console.log('and its name and length:', mod.fn.name, mod.fn.length);
