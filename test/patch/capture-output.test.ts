import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runNode } from '../helpers/run-node.js';

// Capturing the test process's own stdout would swallow the test runner's reports, so each case
// runs in a child process and checks exactly what reached the real streams.
function run(body: string) {
  return runNode([
    '--input-type=module',
    '-e',
    `import { captureOutput, sandbox } from 'hookline/patch';\n${body}`,
  ]);
}

test('console.log and process.stdout.write go to the buffer, then to the terminal again', () => {
  const result = run(`
    const output = captureOutput();
    console.log('abc');
    process.stdout.write('xyz\\n');
    console.error('oops');
    output.restore();
    console.log('after');
    console.log(JSON.stringify({ text: output.text, stdout: output.stdout, stderr: output.stderr, active: output.active }));
  `);
  assert.equal(result.stderr, '');
  assert.equal(
    result.stdout,
    'after\n{"text":"abc\\nxyz\\noops\\n","stdout":"abc\\nxyz\\n","stderr":"oops\\n","active":false}\n',
  );
  assert.equal(result.status, 0);
});

test('echo lets the output through as well', () => {
  const result = run(`
    const output = captureOutput({ stderr: false, echo: true });
    console.log('shown and kept');
    output.restore();
    console.log(JSON.stringify(output.text));
  `);
  assert.equal(result.stdout, 'shown and kept\n"shown and kept\\n"\n');
});

test('write callbacks are called, Buffers and encodings are decoded, split characters joined', () => {
  const result = run(`
    const output = captureOutput({ stderr: false });
    await new Promise((resolve) => process.stdout.write('cb ', resolve));
    await new Promise((resolve) => process.stdout.write('aGk=', 'base64', resolve));
    const euro = Buffer.from(' €');
    process.stdout.write(euro.subarray(0, 2));
    process.stdout.write(euro.subarray(2));
    output.restore();
    console.log(JSON.stringify(output.text));
  `);
  assert.equal(result.stdout, '"cb hi €"\n');
});

test('nested captures: the inner one sees its output, the outer one the rest', () => {
  const result = run(`
    const outer = captureOutput();
    console.log('outer 1');
    const inner = captureOutput();
    console.log('inner');
    inner.restore();
    console.log('outer 2');
    outer.restore();
    console.log(JSON.stringify([outer.text, inner.text]));
  `);
  assert.equal(result.stdout, '["outer 1\\nouter 2\\n","inner\\n"]\n');
});

test('a sandbox restores its captures with its patches', () => {
  const result = run(`
    const box = sandbox();
    const output = box.captureOutput();
    console.log('hidden');
    box.restore();
    console.log('visible', output.active, JSON.stringify(output.text));
  `);
  assert.equal(result.stdout, 'visible false "hidden\\n"\n');
});

test('a chunk the stream refuses is refused in its own words, as without the capture', () => {
  const result = run(`
    const codes = () => [123, null, {}, undefined].map((chunk) => {
      try { process.stdout.write(chunk); return 'accepted'; } catch (error) { return error.code; }
    }).join(' ');
    const capture = captureOutput();
    const captured = codes();
    capture.restore();
    console.log(captured === codes(), JSON.stringify(capture.text), captured);
  `);
  assert.equal(
    result.stdout,
    'true "" ERR_INVALID_ARG_TYPE ERR_STREAM_NULL_VALUES ERR_INVALID_ARG_TYPE ERR_INVALID_ARG_TYPE\n',
  );
});
