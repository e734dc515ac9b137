import type { InspectorClient } from '../../internal/inspector-session.js';
import type { SourcePosition } from '../../internal/source-map.js';
import { TOOLKIT_KEY } from '../protocol.js';
import type { Declarations } from './caller-source.js';
import {
  asArgument,
  type CallArgument,
  type CallFrame,
  type EvaluateResult,
  type PausedEvent,
  type RemoteObject,
} from './cdp.js';

/** The object group every object handed out during one pause belongs to, released on resume. */
const GROUP = 'hookline';

/** A frame as the prompt shows it. */
export interface FrameInfo extends SourcePosition {
  readonly functionName: string;
}

/**
 * The main thread while it is paused: its frames, their scopes, evaluation on a frame, and
 * calls into the toolkit the main thread installed for the worker.
 */
export class PausedProgram {
  readonly #client: InspectorClient;
  readonly #scriptUrls: ReadonlyMap<string, string>;
  readonly frames: readonly CallFrame[];
  readonly reason: string;
  readonly data: RemoteObject | undefined;
  #toolkit: RemoteObject | undefined;
  readonly #declarations = new Map<number, Declarations>();
  readonly #sources = new Map<string, Promise<string>>();

  constructor(
    client: InspectorClient,
    paused: PausedEvent,
    scriptUrls: ReadonlyMap<string, string>,
  ) {
    this.#client = client;
    this.#scriptUrls = scriptUrls;
    this.frames = paused.callFrames;
    this.reason = paused.reason;
    this.data = paused.data;
  }

  frame(index: number): CallFrame {
    const frame = this.frames[index];
    if (frame === undefined) throw new RangeError(`no frame ${index} on the paused stack`);
    return frame;
  }

  /** The script URL of a frame (the inspector leaves `callFrame.url` empty on some Nodes). */
  urlOf(index: number): string {
    const frame = this.frame(index);
    return frame.url || this.#scriptUrls.get(frame.location.scriptId) || '';
  }

  /** Evaluates `expression` on a frame, in the frame's scope. */
  evaluate(
    index: number,
    expression: string,
    options: { returnByValue?: boolean; throwOnSideEffect?: boolean; silent?: boolean } = {},
  ): Promise<EvaluateResult> {
    return this.#client.post<EvaluateResult>('Debugger.evaluateOnCallFrame', {
      callFrameId: this.frame(index).callFrameId,
      expression,
      objectGroup: GROUP,
      includeCommandLineAPI: false,
      silent: options.silent ?? false,
      returnByValue: options.returnByValue ?? false,
      throwOnSideEffect: options.throwOnSideEffect ?? false,
      generatePreview: false,
    });
  }

  /** Calls `toolkit[method](...args)` on the main thread. */
  async callToolkit<T = unknown>(
    method: string,
    args: readonly CallArgument[] = [],
    returnByValue = true,
  ): Promise<T> {
    const toolkit = await this.#toolkitObject();
    const reply = await this.#client.post<EvaluateResult>('Runtime.callFunctionOn', {
      objectId: toolkit.objectId,
      functionDeclaration: `function (...args) { return this[${JSON.stringify(method)}](...args); }`,
      arguments: args,
      returnByValue,
      objectGroup: GROUP,
      silent: true,
    });
    if (reply.exceptionDetails) {
      throw new Error(
        `toolkit.${method} failed: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`,
      );
    }
    return (returnByValue ? reply.result.value : reply.result) as T;
  }

  /** Calls `functionDeclaration` with the toolkit as `this`, returning the result by reference. */
  async callOnToolkit(
    functionDeclaration: string,
    options: { throwOnSideEffect?: boolean } = {},
  ): Promise<EvaluateResult> {
    const toolkit = await this.#toolkitObject();
    return this.#client.post<EvaluateResult>('Runtime.callFunctionOn', {
      objectId: toolkit.objectId,
      functionDeclaration,
      objectGroup: GROUP,
      silent: true,
      throwOnSideEffect: options.throwOnSideEffect ?? false,
    });
  }

  /** The names declared in the source around a frame's position (see `declarationsAt`). */
  async declarations(index: number): Promise<Declarations> {
    const cached = this.#declarations.get(index);
    if (cached) return cached;
    const { location } = this.frame(index);
    const source = await this.scriptSource(index);
    // Loaded on first use: the parser is not needed to show the prompt.
    const { declarationsAt } = await import('./caller-source.js');
    const found = declarationsAt(source, location.lineNumber, location.columnNumber ?? 0);
    this.#declarations.set(index, found);
    return found;
  }

  /** The source of the script a frame runs (empty for WebAssembly). */
  scriptSource(index: number): Promise<string> {
    const { scriptId } = this.frame(index).location;
    let source = this.#sources.get(scriptId);
    if (source === undefined) {
      source = this.#client
        .post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId })
        .then((reply) => reply.scriptSource);
      this.#sources.set(scriptId, source);
    }
    return source;
  }

  /** The declarations around a frame, if {@link declarations} has read them already. */
  declarationsIfKnown(index: number): Declarations | undefined {
    return this.#declarations.get(index);
  }

  /** A frame's position, mapped to the original source when the program has source maps on. */
  async describe(index: number): Promise<FrameInfo> {
    const frame = this.frame(index);
    const position = await this.callToolkit<SourcePosition>('originalPosition', [
      { value: this.urlOf(index) },
      { value: frame.location.lineNumber + 1 },
      { value: (frame.location.columnNumber ?? 0) + 1 },
    ]);
    return { ...position, functionName: frame.functionName || '<anonymous>' };
  }

  /** Hands `value` back to the main thread through the `box` parameter of the pausing frame. */
  async setBox(value: RemoteObject | CallArgument, thrown = false): Promise<void> {
    const box = await this.evaluate(0, 'box', { silent: true });
    const argument = 'type' in value ? asArgument(value as RemoteObject) : value;
    await this.callToolkit('setBox', [asArgument(box.result), argument, { value: thrown }]);
  }

  /** Lets go of every object handed out during this pause. */
  release(): Promise<unknown> {
    return this.#client.post('Runtime.releaseObjectGroup', { objectGroup: GROUP });
  }

  async #toolkitObject(): Promise<RemoteObject> {
    if (this.#toolkit) return this.#toolkit;
    // In the global scope, not a frame's: Node's own code, where an exception may pause the
    // program, sees no `globalThis` of its own.
    const reply = await this.#client.post<EvaluateResult>('Runtime.evaluate', {
      expression: `globalThis[Symbol.for(${JSON.stringify(TOOLKIT_KEY)})]`,
      objectGroup: GROUP,
      silent: true,
    });
    if (reply.exceptionDetails !== undefined || reply.result.objectId === undefined) {
      throw new Error('the main thread has no hookline toolkit installed');
    }
    this.#toolkit = reply.result;
    return reply.result;
  }
}
