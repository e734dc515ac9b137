import { awaitedCode } from './awaited-code.js';
import { InspectorConnection } from './inspector-connection.js';
import { checkTarget, listeningPorts } from './target.js';

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

/** How long the target has to open its inspector once signalled. */
const OPEN_TIMEOUT_MS = 5_000;
/** How long the inspector has to close the connection as it ends. */
const CLOSE_TIMEOUT_MS = 2_000;
const GROUP = 'hookline-inject';

/**
 * A connection into a running Node.js process, through its inspector: opened with SIGUSR1 on
 * 127.0.0.1 (unless it was open already), and closed again by {@link InjectionSession.close}.
 * Code runs as the process's REPL would run it.
 */
export class InjectionSession {
  readonly #connection: InspectorConnection;
  /** Whether this session opened the inspector, and so closes it. */
  readonly #opened: boolean;

  private constructor(connection: InspectorConnection, opened: boolean) {
    this.#connection = connection;
    this.#opened = opened;
  }

  /** Opens a session into process `pid`; throws an error that says why it cannot. */
  static async open(pid: number): Promise<InjectionSession> {
    checkTarget(pid);
    const before = listeningPorts(pid);
    const alreadyOpen = await inspectorOn(before);
    const url = alreadyOpen ?? (await signalAndWait(pid, before));
    const connection = await InspectorConnection.open(url);
    const seen = await connection.send<EvaluateResult>('Runtime.evaluate', {
      expression: 'process.pid',
      returnByValue: true,
    });
    if (seen.result.value !== pid) {
      await connection.close();
      throw new Error(
        `the inspector at ${url} is process ${String(seen.result.value)}'s, not ${pid}'s. Stop that process's inspector, or give its id`,
      );
    }
    return new InjectionSession(connection, alreadyOpen === undefined);
  }

  /**
   * Runs `code` in the process as its REPL would (top-level `await`, the value of the last
   * expression, awaited, declarations kept for the next run) and gives the value shown by
   * `util.inspect`, or the error it threw.
   */
  async evaluate(code: string, colors: boolean): Promise<Evaluated> {
    const evaluated = await this.#connection.send<EvaluateResult>('Runtime.evaluate', {
      expression: awaitedCode(code),
      replMode: true,
      awaitPromise: true,
      objectGroup: GROUP,
    });
    try {
      const details = evaluated.exceptionDetails;
      if (details !== undefined) {
        return { text: details.exception?.description ?? details.text, threw: true };
      }
      return { text: await this.#shown(evaluated.result, colors), threw: false };
    } finally {
      await this.#connection.send('Runtime.releaseObjectGroup', { objectGroup: GROUP });
    }
  }

  /**
   * The property names `expression` has in the process, its prototypes' too (the globals' for an
   * empty expression), for completion: evaluated with side effects refused, so that completing
   * `server.` runs no getter or call that changes the program. Empty where that cannot be told.
   */
  async namesOf(expression: string): Promise<string[]> {
    const of = expression === '' ? 'globalThis' : `(${expression})`;
    const evaluated = await this.#connection.send<EvaluateResult>('Runtime.evaluate', {
      expression: `(() => { const names = new Set(); for (let o = ${of}; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) for (const name of Object.getOwnPropertyNames(o)) names.add(name); return [...names]; })()`,
      throwOnSideEffect: true,
      returnByValue: true,
      replMode: true,
    });
    const names = evaluated.exceptionDetails === undefined ? evaluated.result.value : undefined;
    if (!Array.isArray(names)) return [];
    if (expression !== '') return names as string[];
    const lexical = await this.#connection.send<{ names: string[] }>(
      'Runtime.globalLexicalScopeNames',
    );
    return [...lexical.names, ...(names as string[])];
  }

  /** Ends the session; the inspector is closed if this session opened it. */
  async close(): Promise<void> {
    if (!this.#opened) {
      await this.#connection.close();
      return;
    }
    // The inspector ends this connection as it closes: the reply never comes.
    this.#connection.post('Runtime.evaluate', {
      expression: "process.getBuiltinModule('node:inspector').close()",
    });
    await this.#connection.closedByPeer(CLOSE_TIMEOUT_MS);
  }

  /** The value as `util.inspect` in the target shows it (what its REPL would print). */
  async #shown(value: RemoteObject, colors: boolean): Promise<string> {
    const global = await this.#connection.send<EvaluateResult>('Runtime.evaluate', {
      expression: 'globalThis',
      objectGroup: GROUP,
    });
    const argument =
      value.objectId !== undefined
        ? { objectId: value.objectId }
        : value.unserializableValue !== undefined
          ? { unserializableValue: value.unserializableValue }
          : 'value' in value
            ? { value: value.value }
            : {};
    const inspected = await this.#connection.send<EvaluateResult>('Runtime.callFunctionOn', {
      objectId: global.result.objectId,
      functionDeclaration: `function (value) { return process.getBuiltinModule('node:util').inspect(value, { colors: ${colors} }); }`,
      arguments: [argument],
      returnByValue: true,
      objectGroup: GROUP,
    });
    return String(inspected.result.value);
  }
}

/** Sends SIGUSR1 and waits for the inspector it opens, on a port the process did not listen on. */
async function signalAndWait(pid: number, before: readonly number[]): Promise<string> {
  process.kill(pid, 'SIGUSR1');
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  const known = new Set(before);
  while (Date.now() < deadline) {
    const ports = listeningPorts(pid).filter((port) => !known.has(port));
    // Where /proc cannot tell (not Linux), the port SIGUSR1 uses unless told otherwise.
    const url = await inspectorOn(ports.length > 0 || before.length > 0 ? ports : [9229]);
    if (url !== undefined) return url;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `process ${pid} opened no inspector within ${OPEN_TIMEOUT_MS / 1000} s of SIGUSR1: it may run with --disable-sigusr1, or under the permission model without --allow-inspector, or its inspector port may be taken by another process (its log then says "Starting inspector … failed")`,
  );
}

/** The WebSocket URL of an inspector listening on one of `ports` of 127.0.0.1, if one is. */
async function inspectorOn(ports: readonly number[]): Promise<string | undefined> {
  for (const port of ports) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/list`, {
        signal: AbortSignal.timeout(1_000),
      });
      const targets = (await response.json()) as { webSocketDebuggerUrl?: unknown }[];
      const url = targets.find((target) => typeof target.webSocketDebuggerUrl === 'string');
      if (url !== undefined) return url.webSocketDebuggerUrl as string;
    } catch {
      // Not an inspector (another server of the process), or not listening yet.
    }
  }
  return undefined;
}
