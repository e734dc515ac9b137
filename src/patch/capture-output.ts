import { StringDecoder } from 'node:string_decoder';
import { booleanOption, optionsRecord } from '../internal/options.js';
import { bookkeeping } from './internal/registry.js';
import { restoreEach } from './internal/restore-each.js';
import { patch } from './patch.js';
import type { Capture, CaptureOptions, Patch } from './types.js';

type StreamName = 'stdout' | 'stderr';
type WriteArgs = [chunk: unknown, encoding?: unknown, callback?: unknown];

class OutputCapture implements Capture {
  text = '';
  stdout = '';
  stderr = '';
  readonly #patches: Patch[] = [];

  constructor(streams: readonly StreamName[], echo: boolean) {
    try {
      for (const name of streams) {
        const capture = this.#capture(name, echo);
        bookkeeping(() => this.#patches.push(capture));
      }
    } catch (error) {
      this.restore();
      throw error;
    }
  }

  get active(): boolean {
    return bookkeeping(() => this.#patches.some((p) => p.active));
  }

  restore(): void {
    bookkeeping(() => restoreEach([...this.#patches].reverse()));
  }

  [Symbol.dispose](): void {
    this.restore();
  }

  #capture(name: StreamName, echo: boolean): Patch {
    // Bytes split across writes (a multi-byte character in two chunks) decode as one.
    const decoder = new StringDecoder('utf8');
    const stream = process[name];
    return patch(stream, 'write', (original, self, args) => {
      const [chunk, encoding, callback] = args as unknown as WriteArgs;
      // What the stream refuses (a number, null, a plain object), it refuses in its own words.
      if (typeof chunk !== 'string' && !ArrayBuffer.isView(chunk)) {
        return original.apply(self, args as never);
      }
      const text = decode(decoder, chunk, encoding);
      this.text += text;
      this[name] += text;
      if (echo) return original.apply(self, args as never);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    });
  }
}

function decode(decoder: StringDecoder, chunk: unknown, encoding: unknown): string {
  if (typeof chunk === 'string') {
    if (typeof encoding !== 'string' || /^utf-?8$/i.test(encoding)) return chunk;
    return decoder.write(Buffer.from(chunk, encoding as BufferEncoding));
  }
  const view = chunk as ArrayBufferView;
  return decoder.write(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
}

/**
 * Captures what the program writes to `process.stdout` and `process.stderr` (including
 * `console.log` and `console.error`) into `text`, `stdout` and `stderr`, until restored: the
 * seed's `sys.stdout = StringIO()`. Output written straight to the file descriptors (a child
 * process with inherited stdio, `fs.writeSync(1, …)`) is not seen.
 *
 * @example
 * ```ts
 * import { captureOutput } from 'hookline/patch';
 *
 * const output = captureOutput();
 * console.log('abc');
 * output.restore();
 * output.text; // 'abc\n'
 * ```
 */
export function captureOutput(options: CaptureOptions = {}): Capture {
  // Hookline's own work throughout: a spy on a builtin it uses must see the program's calls only.
  return bookkeeping(() => captureUnguarded(options));
}

function captureUnguarded(options: CaptureOptions): Capture {
  const where = 'captureOutput(options)';
  const record = optionsRecord(
    options,
    where,
    ['stdout', 'stderr', 'echo'],
    'captureOutput({ stderr: false })',
  );
  const streams: StreamName[] = [];
  if (booleanOption(record, 'stdout', where, true)) streams.push('stdout');
  if (booleanOption(record, 'stderr', where, true)) streams.push('stderr');
  return new OutputCapture(streams, booleanOption(record, 'echo', where, false));
}
