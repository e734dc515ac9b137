// The few Chrome DevTools Protocol shapes the worker uses (node:inspector's own typings are
// in the `inspector` namespace but tied to a Session's overloads; these are the plain data).

export interface RemoteObject {
  readonly type: string;
  readonly subtype?: string;
  readonly className?: string;
  readonly value?: unknown;
  readonly unserializableValue?: string;
  readonly description?: string;
  readonly objectId?: string;
}

export interface ExceptionDetails {
  readonly text: string;
  readonly exception?: RemoteObject;
}

export interface EvaluateResult {
  readonly result: RemoteObject;
  readonly exceptionDetails?: ExceptionDetails;
}

export interface Location {
  readonly scriptId: string;
  readonly lineNumber: number;
  readonly columnNumber?: number;
}

export interface Scope {
  readonly type: string;
  readonly object: RemoteObject;
  readonly name?: string;
}

export interface CallFrame {
  readonly callFrameId: string;
  readonly functionName: string;
  readonly location: Location;
  readonly url: string;
  readonly scopeChain: readonly Scope[];
  readonly this: RemoteObject;
}

export interface PausedEvent {
  readonly callFrames: readonly CallFrame[];
  readonly reason: string;
  readonly data?: RemoteObject;
}

export interface ScriptParsedEvent {
  readonly scriptId: string;
  readonly url: string;
}

export interface PropertyDescriptor {
  readonly name: string;
  readonly value?: RemoteObject;
}

/** A value passed to `Runtime.callFunctionOn`: by reference when it has an id. */
export interface CallArgument {
  readonly objectId?: string;
  readonly value?: unknown;
  readonly unserializableValue?: string;
}

export function asArgument(object: RemoteObject): CallArgument {
  if (object.objectId !== undefined) return { objectId: object.objectId };
  if (object.unserializableValue !== undefined) {
    return { unserializableValue: object.unserializableValue };
  }
  return object.type === 'undefined' ? {} : { value: object.value };
}
