import {
  type CoverageResult,
  coverage,
  type ExceptionEvent,
  logpoint,
  onException,
  onSpan,
  type ProfileResult,
  profile,
  type Span,
  type SpanEvent,
  span,
  type TracedCall,
  traceCalls,
  type Unhook,
  withSpan,
} from 'hookline/trace';

const api = { add: (a: number, b: number) => a + b };
const unhook: Unhook = traceCalls(api, {
  include: ['add'],
  onCall: (call: TracedCall) => {
    call.args[0] = 1;
  },
  onReturn: (call, value: unknown) => console.log(call.name, call.depth, value),
  onThrow: (call, error: unknown) => console.log(call.startedAt, error),
});
unhook();
const active: boolean = unhook.active;
traceCalls(api, { include: /^a/ });
traceCalls(api, { include: (name: string) => name.startsWith('a') });
traceCalls(api);
{
  using _ = traceCalls(api);
}
// @ts-expect-error: include takes names, not a single name
traceCalls(api, { include: 'add' });
// @ts-expect-error: the target must be an object
traceCalls(42);
traceCalls(api, {
  onCall: (call) => {
    // @ts-expect-error: the call's name is read-only
    call.name = 'other';
  },
});
// @ts-expect-error: onCall gets one argument
traceCalls(api, { onCall: (_call: TracedCall, _extra: string) => undefined });

const off: Unhook = onException(
  (event: ExceptionEvent) => {
    const where: string = `${event.location.file}:${event.location.line}:${event.location.column}`;
    const caught: boolean = event.caught;
    const time: number = event.time;
    const locals: Readonly<Record<string, unknown>> | undefined = event.locals;
    console.log(where, caught, time, locals, event.error);
  },
  { caught: false, locals: true },
);
off();
onException(() => undefined);
// @ts-expect-error: caught is a boolean
onException(() => undefined, { caught: 'yes' });
// @ts-expect-error: a listener is required
onException();
onException((event) => {
  // @ts-expect-error: the event is read-only
  event.caught = false;
});

const point: Unhook = logpoint('src/app.js:12', 'request.url', {
  log: (value: unknown) => console.log(value),
});
point();
logpoint('src/app.js:12', 'x');
// @ts-expect-error: the location is a string 'file:line'
logpoint({ file: 'src/app.js', line: 12 }, 'x');
// @ts-expect-error: an expression is required
logpoint('src/app.js:12');
// @ts-expect-error: log takes a function
logpoint('src/app.js:12', 'x', { log: 'console' });

{
  using s: Span = span('load config', { file: 'app.json', retries: 2, tags: ['a', 'b'] });
  s.setAttribute('entries', 3).fail(new Error('x')).end();
  const ended: boolean = s.ended;
  const parentId: number | undefined = s.parent?.id;
  console.log(ended, parentId);
}
// @ts-expect-error: a span needs a name
span();
// @ts-expect-error: attribute values are strings, numbers, booleans or arrays of one
span('x', { when: new Date() });
const answer: Promise<number> = withSpan('fetch', async (current: Span) => current.id);
const plain: string = withSpan('sync', () => 'done', { step: 1 });
const spans: Unhook = onSpan((event: SpanEvent) => {
  const { name, id, parent, attributes, start, duration, error } = event;
  console.log(name, id, parent, attributes, start, duration, error?.message);
});
spans();
// @ts-expect-error: onSpan takes a function
onSpan('console');

const profiled: ProfileResult<number> = await profile(() => 42, { top: 5, samplingInterval: 100 });
const selfMs: number | undefined = profiled.summary[0]?.selfMs;
const nodes: number = profiled.profile.nodes.length;
const fromAsync: ProfileResult<string> = await profile(async () => 'x');
const covered: CoverageResult<void> = await coverage(() => {});
const count: number | undefined = covered.summary[0]?.count;
const url: string | undefined = covered.coverage[0]?.url;
// @ts-expect-error: profile takes a function
await profile(42);
// @ts-expect-error: top is a number
await profile(() => 1, { top: '5' });

export { active, answer, count, fromAsync, nodes, plain, selfMs, url };
