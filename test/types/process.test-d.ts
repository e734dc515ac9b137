import { onExit, type Unhook } from 'hookline/process';

const unhook: Unhook = onExit(() => undefined);
unhook();
const active: boolean = unhook.active;
onExit((reason: string, attempts: number) => console.log(reason, attempts), 'done', 3);
onExit(async () => {
  await Promise.resolve();
});
{
  using _ = onExit(() => undefined);
}
// @ts-expect-error: the arguments must be those the handler takes
onExit((reason: string) => reason, 42);
// @ts-expect-error: a handler is required
onExit();

export { active };
