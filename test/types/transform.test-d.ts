import { transform } from 'hookline/modules';
import { programFiles, smartAssert, type Unhook, useSmartAssert } from 'hookline/transform';

const unhook: Unhook = useSmartAssert();
unhook();
useSmartAssert('test/')();
useSmartAssert(/\.test\.mjs$/)();
transform(programFiles, smartAssert)();
const selected: boolean = programFiles('file:///app/a.mjs');
// @ts-expect-error: a filter is a path, a RegExp or a predicate
useSmartAssert(42);

export { selected };
