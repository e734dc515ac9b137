import { randomUUID } from 'node:crypto';
import { awaitedCode } from './awaited-code.js';
import { findInspector } from './find-inspector.js';
import { withHint } from './hints.js';
import { ConnectionLost, InspectorConnection } from './inspector-connection.js';
import { JOIN, LEAVE, NEXT_TURN, SHOW } from './sessions-in-target.js';
import { checkTarget, hasEnded } from './target.js';
import { TargetEnded } from './target-ended.js';

/** What the DevTools protocol gives for a value: an object by id, or a primitive. */
interface RemoteObject {
  readonly type: string;
  readonly value?: unknown;
  readonly unserializableValue?: string;
  readonly objectId?: string;
  readonly description?: string;
}

interface EvaluateResult {
  readonly result: RemoteObject;
  readonly exceptionDetails?: {
    readonly text: string;
    readonly exception?: RemoteObject;
  };
}

/** What running code printed: the value shown as Node's REPL shows it, or the error thrown. */
export interface Evaluated {
  readonly text: string;
  readonly threw: boolean;
}

/**
 * How long the process has to answer the session's own commands (joining, showing a value): one
 * that does not is stopped (SIGSTOP) or paused by a debugger, and the session gives up.
 */
const ANSWER_TIMEOUT_MS = 10_000;
/** How long the inspector has to close the connection as it ends. */
const CLOSE_TIMEOUT_MS = 2_000;
/** How many times a session is opened again when the inspector closes as it joins. */
const OPEN_ATTEMPTS = 3;
const GROUP = 'hookline-inject';

/**
 * A connection into a running Node.js process, through its inspector: opened with SIGUSR1 on
 * 127.0.0.1 (unless it was open already), and closed again by {@link InjectionSession.close} once
 * no other hookline session is connected to it. Code runs as the process's REPL would run it.
 * When the process ends, or the connection is lost, what is waiting is rejected with why
 * ({@link TargetEnded}, or an error saying the connection was lost), and {@link ended} resolves.
 */
export class InjectionSession {
  readonly #pid: number;
  readonly #connection: InspectorConnection;
  /** The session's name in the process, and that of the binding that reports its exit. */
  readonly #name = `hooklineExit${randomUUID().replaceAll('-', '')}`;
  #global = '';
  #exitCode: number | undefined;
  #exited = false;
  #leaving = false;
  /** Why the session ended, once it has: resolves, never rejects. */
  readonly ended: Promise<Error>;

  private constructor(pid: number, connection: InspectorConnection) {
    this.#pid = pid;
    this.#connection = connection;
    connection.on('Runtime.bindingCalled', (params) => {
      const { name, payload } = params as { name: string; payload: string };
      if (name === this.#name) this.#exitCode = Number(payload);
    });
    // Node waits, once the process has exited, for its debuggers to disconnect: no command will
    // be answered any more, and the process ends once this one is closed.
    connection.on('NodeRuntime.waitingForDisconnect', () => {
      this.#exited = true;
      connection.fail(new TargetEnded(pid, this.#exitCode));
      void connection.close();
    });
    this.ended = connection.closed.then(() => this.#whyEnded());
  }

  /** Opens a session into process `pid`; throws an error that says why it cannot. */
  static async open(pid: number): Promise<InjectionSession> {
    checkTarget(pid);
    for (let attempt = 1; ; attempt += 1) {
      const { url, opened } = await findInspector(pid);
      try {
        return await InjectionSession.#join(pid, url, opened);
      } catch (error) {
        // Another hookline closed the inspector as this one joined: it is opened again.
        if (!(error instanceof ConnectionLost) || attempt === OPEN_ATTEMPTS) throw error;
      }
    }
  }

  static async #join(pid: number, url: string, opened: boolean): Promise<InjectionSession> {
    const connection = await InspectorConnection.open(url);
    const session = new InjectionSession(pid, connection);
    try {
      await session.#answered(session.#handshake(url, opened));
      return session;
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async #handshake(url: string, opened: boolean): Promise<void> {
    const connection = this.#connection;
    const global = await connection.send<EvaluateResult>('Runtime.evaluate', {
      expression: 'globalThis',
    });
    const seen = await connection.send<EvaluateResult>('Runtime.callFunctionOn', {
      objectId: global.result.objectId,
      functionDeclaration: 'function () { return process.pid; }',
      returnByValue: true,
    });
    if (seen.result.value !== this.#pid) {
      throw new Error(
        `the inspector at ${url} is process ${String(seen.result.value)}'s, not ${this.#pid}'s. Stop that process's inspector, or give its id`,
      );
    }
    this.#global = global.result.objectId ?? '';
    await connection.send('NodeRuntime.notifyWhenWaitingForDisconnect', { enabled: true });
    await connection.send('Runtime.addBinding', { name: this.#name });
    await connection.send('Runtime.callFunctionOn', {
      objectId: this.#global,
      functionDeclaration: JOIN,
      arguments: [{ value: this.#name }, { value: process.pid }, { value: opened }],
    });
  }

  /**
   * Runs `code` in the process as its REPL would (top-level `await`, the value of the last
   * expression, awaited, declarations kept for the next run), as a task of its event loop, and
   * gives the value shown by `util.inspect`, or the error it threw.
   */
  async evaluate(code: string, colors: boolean): Promise<Evaluated> {
    const evaluated = await this.#send<EvaluateResult>('Runtime.evaluate', {
      expression: runnable(code),
      replMode: true,
      awaitPromise: true,
      objectGroup: GROUP,
    });
    try {
      const details = evaluated.exceptionDetails;
      if (details === undefined) return await this.#shown(evaluated.result, false, colors);
      const shown =
        details.exception === undefined
          ? { text: details.text, threw: true }
          : await this.#shown(details.exception, true, false);
      return { text: withHint(shown.text), threw: true };
    } finally {
      await this.#send('Runtime.releaseObjectGroup', { objectGroup: GROUP });
    }
  }

  /**
   * The property names `expression` has in the process, its prototypes' too (the globals' for an
   * empty expression), for completion: evaluated with side effects refused, so that completing
   * `server.` runs no getter or call that changes the program. Empty where that cannot be told.
   */
  async namesOf(expression: string): Promise<string[]> {
    const of = expression === '' ? 'globalThis' : `(${expression})`;
    const evaluated = await this.#send<EvaluateResult>('Runtime.evaluate', {
      expression: `(() => { const names = new Set(); for (let o = ${of}; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) for (const name of Object.getOwnPropertyNames(o)) names.add(name); return [...names]; })()`,
      throwOnSideEffect: true,
      returnByValue: true,
      replMode: true,
    });
    const names = evaluated.exceptionDetails === undefined ? evaluated.result.value : undefined;
    if (!Array.isArray(names)) return [];
    if (expression !== '') return names as string[];
    const lexical = await this.#send<{ names: string[] }>('Runtime.globalLexicalScopeNames');
    return [...lexical.names, ...(names as string[])];
  }

  /**
   * Ends the session: leaves the process's list of sessions, and the inspector is closed if a
   * hookline session opened it and no other is connected. Resolves once the connection is closed
   * (at most {@link CLOSE_TIMEOUT_MS} after the process stops answering); never rejects.
   */
  async close(): Promise<void> {
    if (this.#leaving) return this.#connection.closed;
    this.#leaving = true;
    const left = this.#connection
      .send<EvaluateResult>('Runtime.callFunctionOn', {
        objectId: this.#global,
        functionDeclaration: LEAVE,
        arguments: [{ value: this.#name }, { value: process.pid }],
        returnByValue: true,
      })
      .then(
        // Kept open for other sessions, or never opened here: this end closes the connection.
        () => this.#connection.close(),
        // Closed with the inspector (the reply never comes), or lost before.
        () => undefined,
      );
    // An inspector that closes ends the connection: the leave ran, and nothing is dropped unrun.
    await Promise.race([left, this.#connection.closedByPeer(CLOSE_TIMEOUT_MS)]);
    await this.#connection.close();
  }

  /** `send`, with a lost connection reported as why it was lost (the process ended, or not). */
  async #send<T>(method: string, params: object = {}): Promise<T> {
    try {
      return await this.#connection.send<T>(method, params);
    } catch (error) {
      if (error instanceof ConnectionLost) throw await this.ended;
      throw error;
    }
  }

  /** Rejects, and closes the connection, when `step` takes longer than the process should. */
  async #answered<T>(step: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          `process ${this.#pid} did not answer through its inspector within ${ANSWER_TIMEOUT_MS / 1000} s: it may be stopped (SIGSTOP, kill -CONT ${this.#pid} resumes it) or paused in another debugger`,
        );
        this.#connection.fail(error);
        reject(error);
      }, ANSWER_TIMEOUT_MS);
    });
    try {
      return await Promise.race([step, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Why the connection closed: the process ended, this session left, or it was lost. */
  async #whyEnded(): Promise<Error> {
    if (this.#exited || this.#exitCode !== undefined) {
      return new TargetEnded(this.#pid, this.#exitCode);
    }
    if (this.#leaving) return new ConnectionLost('the session was closed');
    // A process that is ending closes its sockets before it is gone: it is given a moment.
    for (let tries = 0; tries < 20; tries += 1) {
      if (hasEnded(this.#pid)) return new TargetEnded(this.#pid, this.#exitCode);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return new ConnectionLost(
      `process ${this.#pid}'s inspector closed the connection: the program, or a debugger connected to it, closed its inspector`,
    );
  }

  /** The value, or the value thrown, as `util.inspect` in the process shows it. */
  #shown(value: RemoteObject, threw: boolean, colors: boolean): Promise<Evaluated> {
    const argument =
      value.objectId !== undefined
        ? { objectId: value.objectId }
        : value.unserializableValue !== undefined
          ? { unserializableValue: value.unserializableValue }
          : 'value' in value
            ? { value: value.value }
            : {};
    return this.#answered(
      this.#send<EvaluateResult>('Runtime.callFunctionOn', {
        objectId: this.#global,
        functionDeclaration: SHOW,
        arguments: [argument, { value: threw }, { value: colors }],
        returnByValue: true,
        objectGroup: GROUP,
      }),
    ).then(({ result }) => result.value as Evaluated);
  }
}

/**
 * `code` as it is evaluated: its last expression awaited, and run on the next turn of the event
 * loop (after a `#!` line, which must stay first; lines keep their numbers).
 */
function runnable(code: string): string {
  const awaited = awaitedCode(code);
  const hashbang = /^#!.*\n/.exec(awaited)?.[0] ?? '';
  return `${hashbang}${NEXT_TURN}${awaited.slice(hashbang.length)}`;
}
