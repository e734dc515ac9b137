import {
  final,
  guard,
  type LoggedOptions,
  logged,
  range,
  registry,
  retry,
  stub,
  synchronized,
  timed,
  validate,
} from 'hookline/decorators';

class Greeter {
  @logged
  greet(name: string): string {
    return `hello ${name}`;
  }
  @logged({ prefix: '+', log: console.error })
  @timed({ onTime: (ms: number, name: string) => console.log(name, ms) })
  @retry({ times: 2, on: TypeError, delay: 10 })
  async load(id: number): Promise<string> {
    return String(id);
  }
  @timed
  static create(): Greeter {
    return new Greeter();
  }
  @retry({ times: 1, on: (error) => error instanceof RangeError })
  parse(text: string): number {
    return Number(text);
  }
}
// The decorated methods keep their signatures.
const greeting: string = new Greeter().greet('you');
const loaded: Promise<string> = new Greeter().load(1);
// @ts-expect-error: greet still takes a string
new Greeter().greet(42);

// Wrapper use returns the function's own type.
function add(a: number, b: number): number {
  return a + b;
}
const loggedAdd: typeof add = logged(add);
const timedAdd: (a: number, b: number) => number = timed({ log: console.log })(add);
const retriedAdd: typeof add = retry({ times: 3 })(add);
// @ts-expect-error: the wrapper takes what add takes
loggedAdd('1', 2);
const options: LoggedOptions = { prefix: '>' };
logged(options)(add);
// @ts-expect-error: prefix is a string
logged({ prefix: 1 });
// @ts-expect-error: times is required
retry({});
// @ts-expect-error: retry takes options, not the function
retry(add);

// guard: a refused call returns what otherwise returns, which must fit the method.
class AdminPage {
  needLogin = true;
  sessionKey = '';
  @guard((self: AdminPage) => !self.needLogin || self.sessionKey !== '')
  show(): void {}
  @guard(
    (self: AdminPage) => self.sessionKey !== '',
    () => 'denied',
  )
  title(): string {
    return 'Admin';
  }
  // @ts-expect-error: a refused call returns undefined, which a string method cannot
  @guard((self: AdminPage) => self.sessionKey !== '')
  name(): string {
    return 'admin';
  }
  // An async method: otherwise says what a refused call resolves to (docs/decorators.md).
  @guard(
    (self: AdminPage) => self.sessionKey !== '',
    async () => undefined,
  )
  async save(): Promise<void> {}
  // @ts-expect-error: without otherwise, TypeScript sees a bare undefined a refused call may give
  @guard((self: AdminPage) => self.sessionKey !== '')
  async load(): Promise<void> {}
}
const maybeRoot: number | undefined = guard(() => true)(Math.sqrt)(4);
// @ts-expect-error: the guarded function may return undefined
const root: number = guard(() => true)(Math.sqrt)(4);

// stub: the value must fit what the method returns.
class Job {
  @stub('Do nothing')
  run(): string {
    return 'ran';
  }
  @stub(Promise.resolve([]))
  async list(): Promise<string[]> {
    return ['a'];
  }
  // @ts-expect-error: a number for a string method
  @stub(0)
  label(): string {
    return 'job';
  }
}
const stubbed: () => number = stub(1)(() => 2);

// synchronized: async methods, classes, and async functions.
@synchronized
class Task {
  data = 'xxx';
  @synchronized
  async run(): Promise<void> {}
  // @ts-expect-error: a method that returns no promise cannot be made to wait
  @synchronized
  count(): number {
    return 1;
  }
}
const write: (text: string) => Promise<void> = synchronized(async (_text: string) => undefined);

// final and registry: classes only.
@final
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  // @ts-expect-error: final is for classes
  @final
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}
const FinalPoint: typeof Point = final(Point);
const point: Point = new FinalPoint(1, 2);

@registry
class Color {
  declare static readonly registry: ReadonlySet<typeof Color>;
}
@registry
class Blue extends Color {}
const leaves: ReadonlySet<typeof Color> = Color.registry;

// Class decorators take classes whose constructor is private or protected (a singleton, a base
// made through a factory); the plain call still takes a class only.
@final
@registry
class Settings {
  declare static readonly registry: ReadonlySet<typeof Settings>;
  private constructor(readonly path: string) {}
  static load(): Settings {
    return new Settings('app.json');
  }
}
@synchronized
class Connection {
  protected constructor() {}
  async query(): Promise<void> {}
}
const settings: Settings = Settings.load();
// @ts-expect-error: final(cls) takes a class, not an arrow function
final(() => 1);
// @ts-expect-error: registry(cls) takes a class, not an arrow function
registry(() => 1);

// range and validate: accessor fields, of the type the decorator checks.
class Person {
  @range(1, 130) accessor age = 1;
  @range(0) static accessor count = 0;
  @validate((name: string) => name.length > 0) accessor name = 'Ann';
  @validate(() => true) accessor anything: unknown = null;
  // @ts-expect-error: range is for numbers
  @range(1, 10) accessor nickname = 'x';
  // @ts-expect-error: the check takes a string, the field is a number
  @validate((text: string) => text !== '') accessor height = 1;
  // @ts-expect-error: range is for accessor fields
  @range(1, 10) weight = 1;
}
// @ts-expect-error: the limits are numbers
range('1', '2');

export {
  Blue,
  Connection,
  greeting,
  Job,
  leaves,
  loaded,
  maybeRoot,
  Person,
  point,
  retriedAdd,
  root,
  settings,
  stubbed,
  Task,
  timedAdd,
  write,
};
