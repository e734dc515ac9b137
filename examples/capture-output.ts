// The talk's first example: make print() write to a buffer instead of the console, read the
// buffer, then put the console back. In Node, console.log and friends write through
// process.stdout.write, so that is what captureOutput() patches.
import { captureOutput } from 'hookline/patch';

console.log('before: on the console');

const output = captureOutput({ stderr: false });
console.log('abc');
console.log('xyz');
console.log('123');
output.restore();

console.log('captured lines:', output.text.split('\n').filter(Boolean));
console.log('after: on the console again');

// With `using`, the capture ends with the block, even when the block throws.
let kept = '';
{
  using quiet = captureOutput();
  console.log('this goes to the buffer only');
  kept = quiet.text;
}
console.log(`after the block: on the console again; the block wrote ${JSON.stringify(kept)}`);
