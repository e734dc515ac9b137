import type { InspectorClient } from '../../internal/inspector-session.js';

/** Where a breakpoint stands: a script's URL, and a 0-based line and column there. */
export interface BreakpointPlace {
  readonly url: string;
  readonly line: number;
  readonly column: number;
}

interface Placed {
  id: string;
  /** Each owner's condition, by the owner's number: the breakpoint evaluates them all, in that order. */
  readonly conditions: Map<number, string>;
}

/**
 * A session's breakpoints, shared by place. V8 refuses a second breakpoint of one session at a
 * place it already holds one ("Breakpoint at specified location already exists"), and two
 * logpoints can land on one place: one on a line of `app.ts`, one on the line of `app.js` its
 * code was compiled to. Here each place has one breakpoint, whose condition runs each owner's
 * condition in turn, by the owners' numbers (a logpoint's line's, given in the order they were
 * set); each condition must end in `false` (a logpoint's does) for the others to run.
 *
 * @example
 * ```ts
 * const breakpoints = new SharedBreakpoints(client);
 * await breakpoints.add({ url, line: 4, column: 0 }, 7, condition);
 * await breakpoints.remove({ url, line: 4, column: 0 }, 7);
 * ```
 */
export class SharedBreakpoints {
  readonly #client: InspectorClient;
  readonly #byPlace = new Map<string, Placed>();

  constructor(client: InspectorClient) {
    this.#client = client;
  }

  /** Adds (or changes) `owner`'s condition at `place`. */
  async add(place: BreakpointPlace, owner: number, condition: string): Promise<void> {
    const key = keyOf(place);
    const placed = this.#byPlace.get(key);
    if (placed === undefined) {
      const conditions = new Map([[owner, condition]]);
      const id = await this.#set(place, conditions);
      this.#byPlace.set(key, { id, conditions });
      return;
    }
    placed.conditions.set(owner, condition);
    await this.#reset(place, placed);
  }

  /** Takes `owner`'s condition away from `place`; the breakpoint goes with the last one. */
  async remove(place: BreakpointPlace, owner: number): Promise<void> {
    const key = keyOf(place);
    const placed = this.#byPlace.get(key);
    if (placed === undefined || !placed.conditions.delete(owner)) return;
    if (placed.conditions.size > 0) {
      await this.#reset(place, placed);
      return;
    }
    this.#byPlace.delete(key);
    await this.#client.post('Debugger.removeBreakpoint', { breakpointId: placed.id });
  }

  async #reset(place: BreakpointPlace, placed: Placed): Promise<void> {
    await this.#client.post('Debugger.removeBreakpoint', { breakpointId: placed.id });
    try {
      placed.id = await this.#set(place, placed.conditions);
    } catch (error) {
      this.#byPlace.delete(keyOf(place));
      throw error;
    }
  }

  async #set(place: BreakpointPlace, conditions: ReadonlyMap<number, string>): Promise<string> {
    const { breakpointId } = await this.#client.post<{ breakpointId: string }>(
      'Debugger.setBreakpointByUrl',
      {
        url: place.url,
        lineNumber: place.line,
        columnNumber: place.column,
        condition: [...conditions]
          .sort(([a], [b]) => a - b)
          .map(([, condition]) => condition)
          .join(';\n'),
      },
    );
    return breakpointId;
  }
}

function keyOf(place: BreakpointPlace): string {
  return `${place.line}:${place.column}:${place.url}`;
}
