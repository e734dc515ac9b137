// The talk's frame-object example: a string with `${…}` placeholders, filled from the
// caller's variables by a function the caller calls. Python read the caller's frame with
// sys._getframe(1).f_locals; hookline's interpolate() and callerLocals() read it through the
// inspector. (In code you write yourself, a template literal does this for free: these are
// for templates that come from elsewhere — a file, a message catalogue, a log format.)
//
//   node build/examples/debug-interpolate.js
// biome-ignore-all lint/correctness/noUnusedVariables: the template reads them, through the inspector.
import { callerLocals, interpolate } from 'hookline/debug';

function introduce(): void {
  const name = 'Guido van Rossum';
  const places = ['Amsterdam', 'LA', 'New York', 'DC', 'Chicago'];
  const template = `My name is \${'Mr. ' + name + ', Esquire'}.
I have visited the following cities: \${places.join(', ')}.`;
  console.log(interpolate(template));
  console.log(`caller's locals: ${Object.keys(callerLocals()).sort().join(', ')}`);
}

introduce();
