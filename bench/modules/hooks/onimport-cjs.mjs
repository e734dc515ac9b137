// hookline: one onImport on a CommonJS package.
import { onImport } from 'hookline/modules';

onImport('express', (exports) => exports);
