import { homedir } from 'node:os';
import { join } from 'node:path';
import { type REPLServer, Recoverable, start } from 'node:repl';
import { debug } from '../../internal/debuglog.js';
import { TOOLKIT_KEY } from '../protocol.js';
import { asArgument, type EvaluateResult, type RemoteObject } from './cdp.js';
import { completeAt } from './completion.js';
import type { PausedProgram } from './paused-program.js';
import type { PromptCode } from './prompt-code.js';
import type { PromptIo } from './prompt-io.js';

/** How a prompt ended. */
export type PromptEnd =
  | { readonly kind: 'resume'; readonly why?: string }
  | { readonly kind: 'abort' }
  | { readonly kind: 'exit'; readonly code: number };

export interface PromptOptions {
  readonly program: PausedProgram;
  /** The frame the prompt starts in; frames above it are hookline's own and stay hidden. */
  readonly firstFrame: number;
  readonly io: PromptIo;
  /** The caller's file, for the `require` of a prompt in an ES module. */
  readonly callerFile: string;
  /** Lines printed before the first prompt. */
  readonly banner: readonly string[];
  /** Assignments go to the caller's variables (else to copies). */
  readonly overwriteLocals: boolean;
  readonly snapshot: 'shallow' | 'deep';
  /** Called once the prompt is on screen. */
  readonly onShown?: () => void;
  /** Resolves when the program was resumed by someone else (another debugger). */
  readonly resumedElsewhere: Promise<void>;
}

const scopesExpression = `globalThis[Symbol.for(${JSON.stringify(TOOLKIT_KEY)})].scopes`;

/** Code typed at the prompt, run with the prompt's own scopes in front of the frame's. */
function wrapForFrame(source: string): string {
  return `with (${scopesExpression}.copies) with (${scopesExpression}.declared) {\n${source}\n}`;
}

/** A value already formatted on the main thread, printed as it is. */
class Formatted {
  constructor(readonly text: string) {}
}

const resumeWords = /^\s*(exit|quit)\s*(\(\s*\))?\s*;?\s*$/;

/**
 * A REPL whose scope is a paused frame of the main thread (see DESIGN §4). Node's own REPL
 * does the line editing, history, multi-line input and commands; evaluation, printing and
 * completion go through the inspector to the paused frame.
 */
export async function runPrompt(options: PromptOptions): Promise<PromptEnd> {
  const { program, io } = options;
  // The parser is needed from the first line typed, not to show the prompt: it loads meanwhile.
  const promptCode = import('./prompt-code.js');
  const state = {
    frame: options.firstFrame,
    frameNames: new Set<string>(),
    globalNames: [] as string[],
    pendingExit: undefined as number | undefined,
  };
  const write = (text: string) => io.output.write(`${text}\n`);
  let scopeNames: { type: string; names: readonly string[] }[] = [];

  async function enterFrame(index: number): Promise<string[]> {
    const scopes = program.frame(index).scopeChain.filter((scope) => scope.type !== 'global');
    const file =
      index === options.firstFrame ? options.callerFile : (await program.describe(index)).file;
    const entered = await program.callToolkit<{ names: string[][]; shared: string[] }>(
      'enterFrame',
      [
        { value: options.overwriteLocals ? 'none' : options.snapshot },
        { value: file },
        ...scopes.map((scope) => asArgument(scope.object)),
      ],
    );
    state.frame = index;
    scopeNames = scopes.map((scope, at) => ({ type: scope.type, names: entered.names[at] ?? [] }));
    state.frameNames = new Set(scopeNames.flatMap((scope) => scope.names));
    return entered.shared;
  }

  state.globalNames = await program.callToolkit<string[]>('beginPrompt');
  const shared = await enterFrame(options.firstFrame);
  for (const line of options.banner) write(line);
  if (shared.length > 0) {
    write(`Not cloned (shared with the program): ${shared.join(', ')}`);
  }

  let end: PromptEnd = { kind: 'resume' };
  const server: REPLServer = start({
    prompt: '> ',
    input: io.input,
    output: io.output,
    terminal: io.terminal,
    useColors: io.colors,
    // The prompt evaluates on the main thread, never in a context of the REPL's own: not
    // creating one saves milliseconds before the first prompt.
    useGlobal: true,
    // Notes (await, const, exit) print their own line and return nothing; a real `undefined`
    // result comes back formatted.
    ignoreUndefined: true,
    preview: false,
    eval: (code, _context, _file, callback) => {
      if (isResumeWord(code)) {
        // Left without a reply on purpose: no new prompt is drawn before the REPL closes.
        close({ kind: 'resume' });
        return;
      }
      evaluateLine(code).then(
        (value) => callback(null, value),
        (error: unknown) => callback(error as Error, undefined),
      );
    },
    writer: (value: unknown) => (value instanceof Formatted ? value.text : String(value)),
    completer: (
      line: string,
      callback: (error: Error | null, result: [string[], string]) => void,
    ) => {
      completeAt(program, state.frame, line, {
        frameNames: state.frameNames,
        globalNames: state.globalNames,
        commands: Object.keys(server.commands),
      }).then(
        (result) => callback(null, result),
        (error: unknown) => {
          debug('completion failed: %s', (error as Error).message);
          callback(null, [[], line]);
        },
      );
    },
  });

  const historyFile = historyPath();
  if (historyFile !== undefined && io.terminal) {
    server.setupHistory(historyFile, (error) => {
      if (error) debug('prompt history unavailable: %s', error.message);
    });
  }

  const close = (why?: PromptEnd) => {
    if (why) end = why;
    server.close();
  };

  server.defineCommand('continue', {
    help: 'Resume the program',
    action: () => close({ kind: 'resume' }),
  });
  server.defineCommand('abort', {
    help: 'End the program here',
    action: () => close({ kind: 'abort' }),
  });
  server.defineCommand('where', {
    help: 'Print the stack, marking the frame the prompt is in',
    action: () => {
      printStack().then(
        () => server.displayPrompt(),
        (error: unknown) => reportAndPrompt(error),
      );
    },
  });
  server.defineCommand('up', {
    help: "Move the prompt to the caller's frame (older)",
    action: () => moveTo(state.frame + 1),
  });
  server.defineCommand('down', {
    help: 'Move the prompt back towards the hook (newer)',
    action: () => moveTo(state.frame - 1),
  });
  server.defineCommand('locals', {
    help: "List the variables of the prompt's frame, by scope",
    action: () => {
      printLocals().then(
        () => server.displayPrompt(),
        (error: unknown) => reportAndPrompt(error),
      );
    },
  });
  server.on('reset', () => {
    program
      .callToolkit('beginPrompt')
      .then(() => enterFrame(state.frame))
      .catch((error: unknown) => debug('reset failed: %s', (error as Error).message));
  });

  function reportAndPrompt(error: unknown) {
    write(`hookline: ${(error as Error).message}`);
    server.displayPrompt();
  }

  function moveTo(index: number) {
    if (index < options.firstFrame || index >= program.frames.length) {
      write(
        index < options.firstFrame
          ? 'Already at the newest frame.'
          : 'Already at the oldest frame.',
      );
      server.displayPrompt();
      return;
    }
    enterFrame(index)
      .then(async () => {
        const frame = await program.describe(index);
        write(
          `Frame ${index - options.firstFrame}: ${frame.functionName} at ${frame.file}:${frame.line}`,
        );
        server.displayPrompt();
      })
      .catch((error: unknown) => reportAndPrompt(error));
  }

  async function printStack() {
    for (let index = options.firstFrame; index < program.frames.length; index += 1) {
      const frame = await program.describe(index);
      const marker = index === state.frame ? '*' : ' ';
      write(
        `${marker} ${index - options.firstFrame}  ${frame.functionName} (${frame.file}:${frame.line}:${frame.column})`,
      );
    }
  }

  async function printLocals() {
    for (const scope of scopeNames) {
      if (scope.names.length === 0) continue;
      write(`${scope.type}: ${scope.names.join(', ')}`);
    }
    const declared = await program.callToolkit<string[]>('declaredNames');
    if (declared.length > 0) write(`prompt: ${declared.join(', ')}`);
  }

  /** `exit` or `quit` typed as such resumes, unless the frame has a variable of that name. */
  function isResumeWord(code: string): boolean {
    const word = resumeWords.exec(code)?.[1];
    return word !== undefined && state.pendingExit === undefined && !state.frameNames.has(word);
  }

  async function evaluateLine(code: string): Promise<unknown> {
    if (state.pendingExit !== undefined) {
      const exitCode = state.pendingExit;
      state.pendingExit = undefined;
      server.setPrompt('> ');
      if (/^\s*y(es)?\s*$/i.test(code)) {
        close({ kind: 'exit', code: exitCode });
      } else write('The program goes on.');
      return undefined;
    }
    const input = (await promptCode).analyzePromptInput(code);
    switch (input.kind) {
      case 'empty':
        return undefined;
      case 'incomplete':
        throw new Recoverable(new SyntaxError('Unexpected end of input'));
      case 'await':
        write(
          '`await` cannot work here: the program is paused, so no promise can settle until it resumes. Keep the promise in a prompt variable (let p = …) and resume, or use .then().',
        );
        return undefined;
      case 'invalid':
        return present(await program.evaluate(state.frame, code));
      case 'code':
        return runCode(input);
    }
  }

  async function runCode(input: PromptCode): Promise<unknown> {
    const declaredAtPrompt = new Set(await program.callToolkit<string[]>('declaredNames'));
    const declarations = await program.declarations(state.frame);
    const adopt: string[] = [];
    for (const name of input.assigned) {
      if (input.declared.includes(name) || declaredAtPrompt.has(name)) continue;
      if (state.frameNames.has(name)) {
        if (declarations.consts.has(name)) {
          write(`${name} is a const in the caller: it cannot be assigned.`);
          return undefined;
        }
      } else if (!state.globalNames.includes(name)) {
        adopt.push(name);
        write(
          declarations.declared.has(name)
            ? `Note: ${name} is declared in the source, but this function never uses it, so V8 optimised it away; it is a prompt variable now, not the program's.`
            : `Note: ${name} is not a variable here, so it is a prompt variable now rather than a new global (use globalThis.${name} = … for a global).`,
        );
      }
    }
    if (adopt.length > 0 || input.declared.length > 0) {
      await program.callToolkit('declare', [{ value: [...adopt, ...input.declared] }]);
    }
    const result = await program.evaluate(state.frame, wrapForFrame(input.source));
    if (input.consts.length > 0 && !result.exceptionDetails) {
      await program.callToolkit('seal', [{ value: input.consts }]);
    }
    return present(result);
  }

  async function present(result: EvaluateResult): Promise<unknown> {
    if (result.exceptionDetails) {
      const thrown: RemoteObject = result.exceptionDetails.exception ?? {
        type: 'string',
        value: result.exceptionDetails.text,
      };
      const exitCode = await program.callToolkit<number | false>('isExitRequest', [
        asArgument(thrown),
      ]);
      if (exitCode !== false) {
        state.pendingExit = exitCode;
        server.setPrompt(`process.exit(${exitCode}) would end the program. End it? (y/N) `);
        return undefined;
      }
      const text = await program.callToolkit<string>('formatThrown', [
        asArgument(thrown),
        { value: io.colors },
      ]);
      return new Formatted(explainThrown(text));
    }
    if (result.result.type === 'undefined') {
      return new Formatted(io.colors ? '\u001b[90mundefined\u001b[39m' : 'undefined');
    }
    return new Formatted(
      await program.callToolkit<string>('inspect', [
        asArgument(result.result),
        { value: io.colors },
      ]),
    );
  }

  function explainThrown(text: string): string {
    const notDefined = /^Uncaught ReferenceError: (\S+) is not defined/.exec(text);
    if (notDefined?.[1] !== undefined) {
      const name = notDefined[1];
      const hint = optimisedAwayHint(name);
      if (hint) return `${text}\n${hint}`;
    }
    return text;
  }

  function optimisedAwayHint(name: string): string | undefined {
    const declarations = program.declarationsIfKnown(state.frame);
    if (declarations?.declared.has(name)) {
      return `(${name} is declared in the source, but this function never uses it, so V8 left it out of the closure.)`;
    }
    return undefined;
  }

  return new Promise<PromptEnd>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      program
        .callToolkit('endPrompt')
        .catch((error: unknown) => debug('endPrompt failed: %s', (error as Error).message))
        .finally(() => resolve(end));
    };
    server.on('exit', finish);
    options.resumedElsewhere.then(() => {
      if (settled) return;
      write('\nThe program was resumed from another debugger.');
      end = { kind: 'resume', why: 'resumed elsewhere' };
      server.close();
    });
    options.onShown?.();
  });
}

function historyPath(): string | undefined {
  const configured = process.env['HOOKLINE_REPL_HISTORY'];
  if (configured !== undefined) return configured.trim() === '' ? undefined : configured;
  return join(homedir(), '.hookline_repl_history');
}
