import { onImport } from '/work/main/dist/modules/index.js';

let called = 0;
onImport('date-fns', (e, info) => {
  called++;
  console.log('handler', info.format, info.path);
  return { ...e, format: () => 'PATCHED' };
});
const df = await import('date-fns');
console.log('date-fns patched', called, df.format(new Date(), 'yyyy'));
