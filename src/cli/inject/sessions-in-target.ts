// Functions run in the process injected into (through `Runtime.callFunctionOn`, `this` its global
// object), as source text: they are compiled there, not here.
//
// The process keeps the list of hookline sessions connected to it, under a registry symbol, so
// that sessions of several hookline processes at once (two `inject`s, an `attach` and an
// `inject`) share its inspector: whichever leaves last closes it, and only if a hookline session
// opened it. Each entry holds the id of the hookline process it is for: a session whose hookline
// was killed before it could leave is dropped by the next one that leaves, and the inspector it
// opened is closed all the same.

/** The registry key of the sessions' state in the process (`Symbol.for`). */
const KEY = 'hookline.inject.sessions';

/**
 * Joins the session `name` of hookline process `hooklinePid`: takes the binding
 * `Runtime.addBinding` installed under `name` off the global object (the program is not to see
 * it) and calls it with the exit code if the process exits while the session is there. `opened`
 * says this session's SIGUSR1 opened the inspector. Returns the process's id, for the caller to
 * check it reached the process it meant.
 */
export const JOIN = `function (name, hooklinePid, opened) {
  const key = Symbol.for(${JSON.stringify(KEY)});
  let state = this[key];
  if (state === undefined) {
    state = { sessions: new Map(), opened: false };
    Object.defineProperty(this, key, { value: state, configurable: true });
  }
  const report = this[name];
  delete this[name];
  const onExit = (code) => report(String(code));
  process.on('exit', onExit);
  state.sessions.set(name, { pid: hooklinePid, onExit });
  if (opened) state.opened = true;
  return process.pid;
}`;

/**
 * Leaves the session `name` of hookline process `hooklinePid` (with any other entry of that
 * process's), and drops those whose hookline process is gone. When none is left and
 * a session opened the inspector, closes it — in the same call, so that no session can join
 * between the count and the close; the connection then ends with no reply. Otherwise returns
 * 'kept'.
 */
export const LEAVE = `function (name, hooklinePid) {
  const state = this[Symbol.for(${JSON.stringify(KEY)})];
  if (state === undefined) return 'kept';
  const running = (pid) => {
    try {
      process.kill(pid, 0);
    } catch (error) {
      return error.code === 'EPERM';
    }
    // A zombie (Linux) has ended, though signalling it works: one whose parent was killed too
    // may wait long for a reaper.
    if (process.platform !== 'linux') return true;
    try {
      const stat = process.getBuiltinModule('node:fs').readFileSync('/proc/' + pid + '/stat', 'latin1');
      const state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state !== 'Z' && state !== 'X';
    } catch (error) {
      return error.code !== 'ENOENT';
    }
  };
  // This hookline's other entries go too: a join whose connection the inspector closed under it
  // (another session's leave) was made in the process all the same, before the retry.
  for (const [other, session] of state.sessions) {
    if (other !== name && session.pid !== hooklinePid && running(session.pid)) continue;
    process.off('exit', session.onExit);
    state.sessions.delete(other);
  }
  if (state.sessions.size > 0 || !state.opened) return 'kept';
  state.opened = false;
  process.getBuiltinModule('node:inspector').close();
  return 'closed';
}`;

/**
 * Shows `value` as `util.inspect` in the process shows it (what its REPL prints); a thrown value
 * that is not an error after `Uncaught `, as the REPL does (`throw null` shows `Uncaught null`).
 * If inspecting throws (a custom inspect method that throws), what it threw is shown instead, as
 * an error.
 */
export const SHOW = `function (value, threw, colors) {
  const { inspect, types } = process.getBuiltinModule('node:util');
  const shown = (thrown, options) => {
    if (!types.isNativeError(thrown) && !(thrown instanceof Error)) {
      return 'Uncaught ' + inspect(thrown, options);
    }
    const text = inspect(thrown, options);
    // An error with no frames (a syntax error) is shown in brackets: its stack says it plainly.
    return text === '[' + thrown.stack + ']' ? thrown.stack : text;
  };
  try {
    return { text: threw ? shown(value, {}) : inspect(value, { colors }), threw };
  } catch (error) {
    let why;
    try {
      why = shown(error, {});
    } catch {
      why = 'Uncaught ' + Object.prototype.toString.call(error);
    }
    return { text: 'The value cannot be shown: util.inspect threw ' + why, threw: true };
  }
}`;

/**
 * A statement the code is run after: it waits for the next turn of the process's event loop, so
 * that the code runs as a task of its own, as a line typed at its REPL does, and not inside the
 * inspector's dispatch of the command. There, `process.exit()` would leave Node (24 and later)
 * waiting for the debugger to disconnect, for good, even once it has.
 */
export const NEXT_TURN = 'await new Promise((resolve) => setImmediate(resolve)); ';
