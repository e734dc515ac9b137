// `npm run demo`: a short tour of hookline's patching. Each step prints what it shows.
import fs from 'node:fs';
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
