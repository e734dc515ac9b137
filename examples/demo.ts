// `npm run demo`: a short tour of hookline — patching, module hooks, the caller's scope. Each
// step prints what it shows.
import fs from 'node:fs';
import { interpolate } from 'hookline/debug';
import { auditImports, mockModule } from 'hookline/modules';
import { captureOutput, patch, restoreAll, spy } from 'hookline/patch';

const prices = {
  total(items: number[]): number {
    return items.reduce((sum, item) => sum + item, 0);
  },
};

console.log('1. patch: wrap a method; the wrapper decides what the caller gets');
const discount = patch(prices, 'total', (original, self, args) => {
  const full = original.apply(self, args);
  console.log(`   total(${args[0].join(', ')}) = ${full}, with 10% off = ${full * 0.9}`);
  return full * 0.9;
});
prices.total([10, 20, 30]);

console.log('2. spy: record every call, change nothing');
const calls = spy(prices, 'total');
prices.total([5, 5]);
console.log(
  `   recorded ${calls.calls.length} call: args ${JSON.stringify(calls.calls[0]?.args)}, result ${calls.calls[0]?.result}`,
);

console.log('3. restore in any order: the spy stays, the discount goes');
discount.restore();
console.log(`   total(5, 5) = ${prices.total([5, 5])}, spy has ${calls.calls.length} calls`);

console.log('4. builtins: fs.existsSync answers "yes" for one path');
patch(fs, 'existsSync', (original, self, args) =>
  args[0] === '/imaginary' ? true : original.apply(self, args),
);
console.log(`   existsSync('/imaginary') = ${fs.existsSync('/imaginary')}`);

console.log('5. captureOutput: console.log into a buffer');
const output = captureOutput();
console.log('this line is captured');
output.restore();
console.log(`   captured ${JSON.stringify(output.text)}`);

restoreAll();
console.log(
  `6. restoreAll: everything back — existsSync('/imaginary') = ${fs.existsSync('/imaginary')}`,
);

console.log('7. mockModule: import a module that does not exist');
using _mock = mockModule('pycon2016', { greet: (who: string) => `hello ${who}` });
// A name in a variable: the compiler has no such module to check the import against.
const missing = 'pycon2016';
const pycon = (await import(missing)) as { greet(who: string): string };
console.log(`   import('pycon2016').greet('Node') = ${JSON.stringify(pycon.greet('Node'))}`);

console.log('8. auditImports: one event per module load');
{
  using _audit = auditImports((event) => {
    if (event.specifier === 'node:zlib') {
      console.log(
        `   ${event.kind} of ${event.specifier} by ${event.importer?.split('/').pop() ?? 'the program'}`,
      );
    }
  });
  await import('node:zlib');
}

console.log("9. interpolate: fill a template from the caller's variables");
function checkout(items: number[]): string {
  const total = items.reduce((sum, item) => sum + item, 0);
  return interpolate('   ${items.length} items, total ${total}');
}
console.log(checkout([3, 4, 5]));
