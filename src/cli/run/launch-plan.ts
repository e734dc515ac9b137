/**
 * How `hookline run` starts the program: what each flag adds. Flags only add to a plan; the
 * launcher turns the finished plan into one `node` command.
 */
export interface LaunchPlan {
  /** Modules loaded with `--import` before the program, in order. */
  readonly imports: string[];
  /** Other flags for Node, before the program's path. */
  readonly nodeArgs: string[];
  /** Environment variables set for the program. */
  readonly env: Record<string, string>;
}

export function emptyPlan(): LaunchPlan {
  return { imports: [], nodeArgs: [], env: {} };
}
