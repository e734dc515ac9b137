import type { Session } from 'node:inspector';
import { HooklineError } from '../internal/errors.js';
import { lazyRequire } from '../internal/lazy-require.js';

const inspector = lazyRequire<typeof import('node:inspector')>('node:inspector');

/** An in-process inspector session of the main thread, promise-based, for Profiler commands. */
export interface ProfilerSession {
  post<T = unknown>(method: string, params?: object): Promise<T>;
  close(): void;
}

/**
 * Opens an inspector session on this thread. The Profiler's commands do not pause the thread, so
 * no worker is needed (as `onException` needs one): V8 answers them here, at once.
 *
 * @throws {HooklineError} `ERR_HOOKLINE_INSPECTOR_UNAVAILABLE` under the permission model without
 * `--allow-inspector`, or in a Node built without the inspector.
 */
export function openProfilerSession(where: string): ProfilerSession {
  const problem = inspectorProblem();
  if (problem !== undefined) throw unavailable(where, problem);
  let session: Session;
  try {
    session = new (inspector().Session)();
    session.connect();
  } catch (error) {
    throw unavailable(where, `an inspector that refused to connect (${String(error)})`);
  }
  return {
    post: <T>(method: string, params?: object) =>
      new Promise<T>((resolve, reject) => {
        session.post(method, params ?? {}, (error, result) => {
          if (error) reject(error);
          else resolve(result as T);
        });
      }),
    close: () => session.disconnect(),
  };
}

/** Why this thread cannot have an inspector session, asked before one is made. */
function inspectorProblem(): string | undefined {
  if (!process.features.inspector) return 'a Node built without the inspector';
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  if (permission === undefined) return undefined;
  try {
    if (!permission.has('inspector')) return 'the permission model denies the inspector';
  } catch {
    return 'the permission model, which does not know the inspector';
  }
  return undefined;
}

function unavailable(where: string, reason: string): HooklineError {
  return new HooklineError('ERR_HOOKLINE_INSPECTOR_UNAVAILABLE', {
    where,
    expected: "this thread's inspector, for V8's profiler",
    received: reason,
    fix: 'Under the permission model, add --allow-inspector (Node 20 has none: run it without --experimental-permission); a Node built without the inspector cannot profile.',
  });
}
