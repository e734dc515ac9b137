/** The exit code of `inject` and `attach <pid>` when the process they are in ends. */
export const TARGET_ENDED = 3;

/** The process injected into ended while a session was connected to it. */
export class TargetEnded extends Error {
  /** Its exit code, where it was seen (a process killed by a signal has none). */
  readonly exitCode: number | undefined;

  constructor(pid: number, exitCode: number | undefined) {
    super(
      exitCode === undefined
        ? `process ${pid} ended (killed, or it exited before its exit code could be seen)`
        : `process ${pid} exited with code ${exitCode}`,
    );
    this.exitCode = exitCode;
  }
}
