export {
  type LazyChain,
  type LazyChainNode,
  type LazyChainOptions,
  lazyChain,
} from './lazy-chain.js';
export { type ObserveListeners, observe, unobserve } from './observe.js';
export { type WithDefaults, withDefaults } from './with-defaults.js';
