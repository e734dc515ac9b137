import { onImport } from '/work/main/dist/modules/index.js';

onImport('date-fns', (e) => {
  const r = { ...e };
  r.format = () => 'RETURNED';
  console.log('keys', Object.keys(r).length, 'format' in r);
  return r;
});
const df = await import('date-fns');
console.log('return', df.format(new Date(), 'yyyy'));
