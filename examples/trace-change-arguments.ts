/**
 * Hack the calling stack (the talk's 2.2.2, `sys.settrace`): a trace function sees each call of
 * `print_odd(a)` before it runs and bumps an even `a`, so the function prints only odd numbers.
 * Python's trace function writes `frame.f_locals["a"]`; `traceCalls` hands `onCall` the arguments
 * the original is about to receive, and changing them changes the call. Where settrace sees every
 * function of the program, `traceCalls` sees the methods of the object it is given: here the
 * module's exports, as another module would call them.
 */
import { traceCalls } from 'hookline/trace';

export const program = {
  printOdd(a: number): void {
    console.log(a);
  },
};

const unhook = traceCalls(program, {
  include: ['printOdd'],
  onCall(call) {
    const a = call.args[0];
    if (typeof a === 'number' && a % 2 === 0) call.args[0] = a + 1;
  },
});

for (let i = 0; i < 6; i += 1) program.printOdd(i);

unhook();
program.printOdd(2); // the hack is undone: 2 is printed as it is
