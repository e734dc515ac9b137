// hookline: one onImport by a pattern, which no module of the program matches (an agent's hook on
// a family of packages): a pattern may match any request, so every require is looked at.
import { onImport } from 'hookline/modules';

onImport(/^@opentelemetry\//, (exports) => exports);
