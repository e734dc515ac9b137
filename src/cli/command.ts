/** One subcommand of the `hookline` CLI; each lives in its own file under `commands/`. */
export interface Command {
  /** The word typed after `hookline`. */
  readonly name: string;
  /** One line for `hookline --help`. */
  readonly summary: string;
  /** The full help text for `hookline <name> --help`. */
  readonly help: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number> | number;
}
