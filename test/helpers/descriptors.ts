/** Every own property of an object with its full descriptor, for exact before/after checks. */
export function ownDescriptors(target: object): Map<PropertyKey, PropertyDescriptor> {
  const all = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(target)) {
    all.set(key, Reflect.getOwnPropertyDescriptor(target, key) as PropertyDescriptor);
  }
  return all;
}
