/**
 * What a policy's warnings call its `log` where the program did not write one: the function a
 * policy file's `"output"` makes is named by the file it appends to, not as "the policy's log".
 */
export const logNames = new WeakMap<Function, string>();
