/** One subcommand of the `hookline` CLI; each lives in its own file under `commands/`. */
export interface Command {
  /** The word typed after `hookline`. */
  readonly name: string;
  /** One line for `hookline --help`. */
  readonly summary: string;
  /** The full help text for `hookline <name> --help`. */
  readonly help: string;
  /**
   * Whether the command finds `--help` among its arguments itself. Otherwise a `--help` or `-h`
   * anywhere in them shows {@link help}; `run` does, as one after the program is the program's.
   */
  readonly readsHelp?: boolean;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number> | number;
}
