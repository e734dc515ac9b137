// The pass-through loader run on Node's loader thread (see passthrough-register.mjs).
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  return nextLoad(url, context);
}
