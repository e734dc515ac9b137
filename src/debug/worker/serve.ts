import type {
  HookRequest,
  InterpolateRequest,
  LocalsRequest,
  SocketTransportInfo,
} from '../protocol.js';
import { Outcome } from '../protocol.js';
import { hookBanner, postMortemBanner } from './banner.js';
import { asArgument, type RemoteObject } from './cdp.js';
import type { PausedProgram } from './paused-program.js';
import { type PromptEnd, runPrompt } from './prompt.js';
import { openTerminal, type PromptIo, SocketTransport } from './prompt-io.js';

// What the worker does during a pause. Loaded by the worker while the Debugger is being
// enabled, so the first hook pays for the two at once rather than one after the other.

export type Transport = HookRequest['transport'];

/** What the serving code needs from the worker around it. */
export interface ServeContext {
  /** Called with the time the prompt appeared. */
  readonly onPromptShown: () => void;
  /** Resolves if the program is resumed by another debugger while the prompt is open. */
  readonly resumedElsewhere: () => Promise<void>;
  /** Reports a failure to the main thread. */
  readonly report: (message: string) => void;
}

let socket: SocketTransport | undefined;

/** The socket server at `transport.path` (one per process; a new path replaces the old one). */
export function socketAt(transport: SocketTransportInfo): SocketTransport {
  if (socket?.path !== transport.path) {
    socket?.close();
    socket = new SocketTransport(transport.path, transport.leftover);
  }
  return socket;
}

export function closeSocket(): void {
  socket?.close();
  socket = undefined;
}

/** Serves one request of the main thread on the paused program. */
export async function serveRequest(
  request: HookRequest | LocalsRequest | InterpolateRequest,
  program: PausedProgram,
  context: ServeContext,
): Promise<PromptEnd | 'skipped'> {
  try {
    switch (request.kind) {
      case 'locals':
        await serveLocals(request, program);
        return { kind: 'resume' };
      case 'interpolate':
        await serveInterpolate(request, program);
        return { kind: 'resume' };
      case 'hook':
        return await openPrompt(request.transport, program, request.callerFrame, context, {
          callerFile: request.site.file,
          banner: hookBanner(request),
          overwriteLocals: request.overwriteLocals,
          snapshot: request.snapshot,
        });
    }
  } finally {
    await program.release();
  }
}

/** Serves an uncaught exception: the prompt at the frame that threw. */
export async function servePostMortem(
  transport: Transport,
  program: PausedProgram,
  context: ServeContext,
): Promise<PromptEnd | 'skipped'> {
  try {
    // Node's own frames (an ES module's top level rethrown by its loader) come last: start at
    // the first frame of the program's if there is one.
    const first = Math.max(
      0,
      program.frames.findIndex((_frame, index) => !program.urlOf(index).startsWith('node:')),
    );
    const end = await openPrompt(transport, program, first, context, {
      callerFile: (await program.describe(first)).file,
      banner: await postMortemBanner(program, first),
      overwriteLocals: true,
      snapshot: 'shallow',
    });
    if (end !== 'skipped' && end.kind === 'exit') {
      await program.callToolkit('exitCodeAtExit', [{ value: end.code }]);
    }
    return end;
  } finally {
    await program.release();
  }
}

/** How a prompt ended, in the shared memory the main thread reads. */
export function outcomeCode(end: PromptEnd | 'skipped'): { outcome: Outcome; exitCode: number } {
  if (end === 'skipped') return { outcome: Outcome.skipped, exitCode: 0 };
  if (end.kind === 'abort') return { outcome: Outcome.abort, exitCode: 0 };
  if (end.kind === 'exit') return { outcome: Outcome.exit, exitCode: end.code };
  return { outcome: Outcome.resume, exitCode: 0 };
}

async function serveLocals(request: LocalsRequest, program: PausedProgram): Promise<void> {
  const locals = await program.callToolkit<RemoteObject>(
    'collectLocals',
    program
      .frame(request.callerFrame)
      .scopeChain.filter((scope) => scope.type !== 'global')
      .map((scope) => asArgument(scope.object)),
    false,
  );
  await program.setBox(locals);
}

async function serveInterpolate(
  request: InterpolateRequest,
  program: PausedProgram,
): Promise<void> {
  let text = '';
  for (const part of request.parts) {
    if ('text' in part) {
      text += part.text;
      continue;
    }
    // A template literal of its own: the same conversion (and the same errors) as `${…}` in code.
    const reply = await program.evaluate(request.callerFrame, `\`\${${part.expression}\n}\``, {
      returnByValue: true,
      silent: true,
    });
    if (reply.exceptionDetails) {
      const thrown =
        (await leftOutOfClosure(program, request.callerFrame, reply.exceptionDetails.exception)) ??
        reply.exceptionDetails.exception;
      await program.setBox(
        thrown ? asArgument(thrown) : { value: reply.exceptionDetails.text },
        true,
      );
      return;
    }
    text += String(reply.result.value);
  }
  await program.setBox({ value: text });
}

/**
 * For a `ReferenceError` of a name the caller's source declares: the same error saying why — the
 * caller never uses the variable, so V8 left it out of the closure, and no debugger can read it
 * (the prompt of hook() says as much). Undefined for any other error.
 */
async function leftOutOfClosure(
  program: PausedProgram,
  frame: number,
  thrown: RemoteObject | undefined,
): Promise<RemoteObject | undefined> {
  const name = /^ReferenceError: (\S+) is not defined/.exec(thrown?.description ?? '')?.[1];
  if (name === undefined || !(await program.declarations(frame)).declared.has(name))
    return undefined;
  const message = `${name} is not defined: it is declared around the calling function, which never uses it, so V8 left it out of the function's closure and interpolate() cannot read it. Use ${name} in that function`;
  const reply = await program.evaluate(frame, `new ReferenceError(${JSON.stringify(message)})`, {
    silent: true,
  });
  return reply.exceptionDetails ? undefined : reply.result;
}

interface PromptSettings {
  readonly callerFile: string;
  readonly banner: readonly string[];
  readonly overwriteLocals: boolean;
  readonly snapshot: 'shallow' | 'deep';
}

async function openPrompt(
  transport: Transport,
  program: PausedProgram,
  firstFrame: number,
  context: ServeContext,
  settings: PromptSettings,
): Promise<PromptEnd | 'skipped'> {
  let io: PromptIo;
  if (transport.kind === 'socket') {
    io = await socketAt(transport).accept();
  } else {
    try {
      io = openTerminal();
    } catch (error) {
      context.report(`no terminal (${(error as Error).message})`);
      return 'skipped';
    }
  }
  try {
    return await runPrompt({
      program,
      firstFrame,
      io,
      ...settings,
      onShown: context.onPromptShown,
      resumedElsewhere: context.resumedElsewhere(),
    });
  } finally {
    io.close();
  }
}
