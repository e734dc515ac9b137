import type { HookRequest } from '../protocol.js';
import type { PausedProgram } from './paused-program.js';

/** Says what happens to assignments, so no one is surprised after resuming. */
function scopeNote(overwriteLocals: boolean, snapshot: 'shallow' | 'deep'): string {
  if (overwriteLocals) return "Assignments change the caller's variables.";
  if (snapshot === 'deep') {
    return 'Working on deep copies (structuredClone): what you change stays here; hook({ overwriteLocals: true }) writes variables back.';
  }
  return "Working on copies: assignments to the caller's variables are not kept (hook({ overwriteLocals: true }) keeps them), but objects are shared, so changes inside them are seen by the program.";
}

const commandsLine = 'Commands: .where .up .down .locals .continue .abort .help';

/** The lines printed before the first prompt of a hook. */
export function hookBanner(request: HookRequest): string[] {
  const { site } = request;
  return [
    ...(request.banner === undefined ? [] : [request.banner]),
    `Hooked at ${site.file}:${site.line} - Ctrl+D to resume`,
    scopeNote(request.overwriteLocals, request.snapshot),
    commandsLine,
  ];
}

/** The lines printed before the prompt opened on an uncaught exception. */
export async function postMortemBanner(program: PausedProgram, first: number): Promise<string[]> {
  const site = await program.describe(first);
  const description = program.data?.description ?? String(program.data?.value ?? 'an exception');
  const firstLine = description.split('\n')[0] ?? description;
  const internal = site.file.startsWith('node:');
  return [
    `Uncaught ${firstLine}`,
    ...(internal
      ? ["It was thrown in Node's own code, with no frame of the program's on the stack."]
      : []),
    `Hooked at ${site.file}:${site.line} - Ctrl+D to resume (the exception then ends the program)`,
    commandsLine,
  ];
}
