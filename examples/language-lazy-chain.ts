/**
 * A lazy property chain (the talk's 3.2.1, `AzureTable.__getattr__`): on a 10 GB table,
 * `students.xiaoMing.Address.data` downloads one cell, and only when `.data` is read. Python
 * returns a deeper object from `__getattr__`; `lazyChain` does it with a Proxy, so no class needs
 * writing: each name read makes a deeper chain, and the terminal name (`data`) fetches its path.
 */
import { lazyChain } from 'hookline/proxy';

const url = 'user1.storage.azure.com/table/students';

function download(path: readonly string[]): string {
  console.log(`*** Downloading from\n\t"${url}/${path.join('/')}"`);
  console.log('*** Downloading Complete');
  return `Hello PyCon 2016: ${path.join('.')}`;
}

const students = lazyChain(download);
// Bracketed names: under the project's strict settings (noPropertyAccessFromIndexSignature), a
// name TypeScript cannot know is written as an index.
const address = students['xiaoMing']?.['Address'];
console.log(`nothing downloaded yet: ${String(address)}`);
console.log(address?.data);
console.log('-'.repeat(30));
console.log(students['Jim']?.['birthday']?.data);
