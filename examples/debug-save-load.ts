// The blog's third use of hook(): saving a data structure from inside the hook, and loading
// it back in a later run to replace what the program computed.
//
// The blog pickled a trained model; here an expensive word index is kept with v8.serialize
// (structured-clone format: Maps, Sets, Dates and typed arrays survive, functions do not).
// `require` works at the prompt even though this file is an ES module:
//
//   node --enable-source-maps build/examples/debug-save-load.js
//   > require('node:fs').writeFileSync('index.bin', require('node:v8').serialize(index))
//
//   node --enable-source-maps build/examples/debug-save-load.js   (again, later)
//   > index = require('node:v8').deserialize(require('node:fs').readFileSync('index.bin'))
//
// The hook is opened with overwriteLocals: true, so the loaded index replaces the computed one
// when the program resumes (without it, the prompt would work on a copy).
import { hook } from 'hookline/debug';

const text = `It would be much better to hook into interesting parts of your programs once and
then take a look at all values present at that time. What we need is a hook that lets us
interact with the program while it is running, freely changing its state.`;

/** Word → the positions it appears at: the "long computation" of this example. */
function buildIndex(source: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const [position, word] of source.toLowerCase().split(/\W+/).filter(Boolean).entries()) {
    index.set(word, [...(index.get(word) ?? []), position]);
  }
  return index;
}

function main(): void {
  // biome-ignore lint/style/useConst: the prompt may replace it (overwriteLocals: true).
  let index = buildIndex(text);
  hook({ banner: 'Save the index, or load a saved one into `index`', overwriteLocals: true });
  const top = [...index].sort((a, b) => b[1].length - a[1].length).slice(0, 3);
  console.log(
    `${index.size} words; most frequent: ${top.map(([word, at]) => `${word} (${at.length})`).join(', ')}`,
  );
}

main();
