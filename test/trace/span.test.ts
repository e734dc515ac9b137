import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { onSpan, type SpanEvent, span, withSpan } from 'hookline/trace';
import { repoRoot, runNode } from '../helpers/run-node.js';

/** The spans that end while `fn` runs (and, for a promise, until it settles). */
async function collect(fn: () => unknown): Promise<SpanEvent[]> {
  const events: SpanEvent[] = [];
  using _ = onSpan((event) => events.push(event));
  await fn();
  return events;
}

test('a span ended by using reports its name, attributes, start and duration; end() again does nothing', async () => {
  const before = Date.now();
  const events = await collect(() => {
    using s = span('load config', { file: 'app.json' });
    s.setAttribute('entries', 3);
    const until = performance.now() + 5;
    while (performance.now() < until) {}
    s.end();
    s.end();
    assert.equal(s.ended, true);
  });
  assert.equal(events.length, 1);
  const [event] = events as [SpanEvent];
  assert.equal(event.name, 'load config');
  assert.deepEqual(event.attributes, { file: 'app.json', entries: 3 });
  assert.equal(event.parent, undefined);
  assert.ok(event.duration >= 4.5, `duration ${event.duration}`);
  assert.ok(event.start >= before - 1 && event.start <= Date.now(), `start ${event.start}`);
  assert.equal('error' in event, false);
  assert.doesNotThrow(() => JSON.stringify(event));
});

test('spans begun inside a span are its children, also after an await; code after its block is the parent again', async () => {
  const events = await collect(async () => {
    using outer = span('outer');
    {
      using _inner = span('inner');
      await new Promise((resolve) => setTimeout(resolve, 1));
      using deep = span('deep');
      assert.equal(deep.parent?.name, 'inner');
    }
    using next = span('next');
    assert.equal(next.parent, outer);
  });
  const byName = new Map(events.map((event) => [event.name, event]));
  assert.deepEqual(
    events.map((event) => event.name),
    ['deep', 'inner', 'next', 'outer'],
  );
  assert.equal(byName.get('deep')?.parent, byName.get('inner')?.id);
  assert.equal(byName.get('inner')?.parent, byName.get('outer')?.id);
  assert.equal(byName.get('next')?.parent, byName.get('outer')?.id);
  assert.equal(byName.get('outer')?.parent, undefined);
});

test('withSpan keeps concurrent async work apart: each function is the parent of its own spans', async () => {
  const events = await collect(() =>
    withSpan('request', () =>
      Promise.all(
        ['a', 'b'].map((which) =>
          withSpan(which, async () => {
            await new Promise((resolve) => setTimeout(resolve, which === 'a' ? 5 : 1));
            withSpan(`${which}.step`, () => 1);
          }),
        ),
      ),
    ),
  );
  const id = (name: string) => events.find((event) => event.name === name)?.id;
  const parentOf = (name: string) => events.find((event) => event.name === name)?.parent;
  assert.equal(parentOf('a'), id('request'));
  assert.equal(parentOf('b'), id('request'));
  assert.equal(parentOf('a.step'), id('a'));
  assert.equal(parentOf('b.step'), id('b'));
  assert.equal(events.at(-1)?.name, 'request');
});

test('fail() records an error; withSpan fails and ends the span on a throw or a rejection, which go on', async () => {
  const events = await collect(async () => {
    using s = span('manual');
    s.fail(new RangeError('too big'));
    assert.throws(
      () =>
        withSpan('sync', () => {
          throw new Error('sync boom');
        }),
      /sync boom/,
    );
    await assert.rejects(
      withSpan('async', async () => {
        throw new TypeError('async boom');
      }),
      /async boom/,
    );
    assert.equal(
      withSpan('value', (current) => current.name),
      'value',
    );
  });
  const errorOf = (name: string) => events.find((event) => event.name === name)?.error;
  assert.deepEqual(errorOf('sync'), { name: 'Error', message: 'sync boom' });
  assert.deepEqual(errorOf('async'), { name: 'TypeError', message: 'async boom' });
  assert.deepEqual(errorOf('manual'), { name: 'RangeError', message: 'too big' });
  assert.equal(errorOf('value'), undefined);
});

test('a listener that throws is a HooklineWarning and the others still get the span; onSpan undone gets no more', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    const seen: string[] = [];
    const off = onSpan(() => {
      throw new Error('listener broke');
    });
    const events = await collect(() => {
      span('one').end();
    });
    off();
    span('two').end();
    await new Promise((resolve) => setImmediate(resolve));
    seen.push(...events.map((event) => event.name));
    assert.deepEqual(seen, ['one']);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.name, 'HooklineWarning');
    assert.match(String(warnings[0]?.message), /onSpan listener threw/);
  } finally {
    process.off('warning', onWarning);
  }
});

test('a name that is not a non-empty string, attributes that are not an object, or a missing fn are refused', () => {
  const refused = (fn: () => unknown) =>
    assert.throws(
      fn,
      (error: Error & { code?: string }) => error instanceof TypeError && !!error.code,
    );
  refused(() => span('' as string));
  refused(() => span(42 as unknown as string));
  refused(() => span('x', 'attributes' as never));
  refused(() => withSpan('x', 'fn' as never));
  refused(() => onSpan(42 as never));
});

test('an attribute OpenTelemetry does not take (a bigint, a symbol, a function, an object, a mixed array) is refused by span(), withSpan() and setAttribute, which change nothing', () => {
  const bad = (value: unknown) => ({
    code: 'ERR_HOOKLINE_INVALID_ARGUMENT',
    message: value as RegExp,
  });
  assert.throws(
    () => span('x', { id: 10n } as never),
    bad(
      /Expected the attribute "id" as a string, a number, a boolean, or an array of one of them but got bigint 10\./,
    ),
  );
  assert.throws(() => span('x', { s: Symbol('s') } as never), bad(/attribute "s"/));
  assert.throws(() => span('x', { f: () => 1 } as never), bad(/attribute "f"/));
  assert.throws(() => span('x', { nested: { a: 1 } } as never), bad(/attribute "nested"/));
  assert.throws(
    () => span('x', { mixed: [1, 'a'] } as never),
    bad(/got an array of number and string/),
  );
  assert.throws(() => withSpan('x', () => 1, { id: 10n } as never), bad(/attribute "id"/));
  const seen: SpanEvent[] = [];
  using _listener = onSpan((event) => seen.push(event));
  {
    using ok = span('ok', { file: 'a.json', sizes: [1, 2], flags: [], on: true });
    assert.throws(() => ok.setAttribute('id', 10n as never), bad(/attribute "id"/));
    assert.throws(() => ok.setAttribute('', 1), bad(/an attribute name, a non-empty string/));
    ok.setAttribute('entries', 4);
  }
  assert.deepEqual(
    seen.map((event) => event.attributes),
    [{ file: 'a.json', sizes: [1, 2], flags: [], on: true, entries: 4 }],
  );
  // What a listener gets can always be written as JSON, as the docs' onSpan example does.
  assert.doesNotThrow(() => JSON.stringify(seen));
});

test('where the program has @opentelemetry/api, each span is an OpenTelemetry span, a child of its parent', () => {
  const program = join(repoRoot, 'test', 'fixtures', 'trace', 'otel', 'program.mjs');
  const result = runNode([program]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  const [calls, events] = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(calls, [
    ['startSpan', 'hookline', 'outer', { kind: 'job' }, null],
    ['setAttribute', 'outer', 'size', 3],
    ['startSpan', 'hookline', 'inner', {}, 'outer'],
    ['recordException', 'inner', 'bad input'],
    ['setStatus', 'inner', 2],
    ['end', 'inner'],
    ['end', 'outer'],
    ['startSpan', 'hookline', 'async', {}, null],
    ['end', 'async'],
  ]);
  assert.deepEqual(events, [
    ['inner', 'child'],
    ['outer', null],
    ['async', null],
  ]);
});
