// require-in-the-middle hooking every module (its way to see everything).
const { Hook } = require('require-in-the-middle');

new Hook((exports) => exports);
