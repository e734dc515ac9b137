// hookline: one onImport on an ES module package.
import { onImport } from 'hookline/modules';

onImport('chalk', (exports) => exports);
