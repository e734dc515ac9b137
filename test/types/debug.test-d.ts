// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in a plain string is what interpolate() reads.
import { callerLocals, type HookOptions, hook, hookOnError, interpolate } from 'hookline/debug';

hook();
hook({ banner: 'here', overwriteLocals: true, snapshot: 'deep' });
hook({ logger: (message: string) => console.log(message) });
hook({ logger: console });
hook({ logger: { debug: (message: string) => void message } });
const options: HookOptions = { snapshot: 'shallow' };
hook(options);

const locals: Record<string, unknown> = callerLocals();
const text: string = interpolate('total: ${locals}');
const on: boolean = hookOnError();
void [locals, text, on];

// @ts-expect-error: snapshot is 'shallow' or 'deep'
hook({ snapshot: 'full' });
// @ts-expect-error: overwriteLocals is a boolean
hook({ overwriteLocals: 'yes' });
// @ts-expect-error: an unknown option
hook({ overwrite: true });
// @ts-expect-error: a logger needs a debug method
hook({ logger: { info: (message: string) => void message } });
// @ts-expect-error: hook() returns nothing to use
const nothing: string = hook();
// @ts-expect-error: interpolate takes a string
interpolate(42);
void nothing;
