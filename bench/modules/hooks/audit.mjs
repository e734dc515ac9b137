// hookline: auditImports with a listener that keeps a count.
import { auditImports } from 'hookline/modules';

let count = 0;
auditImports(() => {
  count += 1;
});
process.on('exit', () => {
  if (count === 0) throw new Error('the audit saw nothing');
});
