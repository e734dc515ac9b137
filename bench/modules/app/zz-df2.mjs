import { onImport } from '/work/main/dist/modules/index.js';

onImport('date-fns', (e) => {
  e.format = () => 'ASSIGNED';
});
const df = await import('date-fns');
console.log('assign', df.format(new Date(), 'yyyy'));
