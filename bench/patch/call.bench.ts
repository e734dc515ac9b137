// The cost of a call through a wrapper: hookline's patch() against a plain call, a hand-written
// closure wrapper, shimmer (which OpenTelemetry's `_wrap` delegates to) and a Proxy apply trap.
// Every wrapper does the same work: call the original with the same receiver and arguments.
// Each case runs in its own process (see compareIsolated).
import { patch } from 'hookline/patch';
import { do_not_optimize } from 'mitata';
import shimmer from 'shimmer';
import { compareIsolated } from '../helpers/isolated.js';
import { type Calculator, makeCalculator } from './calculator.js';

const callsPerRun = 100;
const measure = (calculator: Calculator) => () => {
  for (let i = 0; i < callsPerRun; i++) do_not_optimize(calculator.add(i, 1));
};

const averages = await compareIsolated(
  'A call through a wrapper (each wrapper calls the original with the same this and arguments)',
  {
    'plain call, no wrapper': () => measure(makeCalculator()),
    'hand-written closure wrapper': () => {
      const calculator = makeCalculator();
      const original = calculator.add;
      calculator.add = function (this: Calculator, ...args: [number, number]) {
        return original.apply(this, args);
      };
      return measure(calculator);
    },
    'shimmer.wrap (= OpenTelemetry `_wrap`)': () => {
      const calculator = makeCalculator();
      shimmer.wrap(
        calculator,
        'add',
        (original) =>
          function (this: Calculator, ...args: [number, number]) {
            return original.apply(this, args);
          },
      );
      return measure(calculator);
    },
    'Proxy apply trap': () => {
      const calculator = makeCalculator();
      calculator.add = new Proxy(calculator.add, {
        apply: (target, self, args) => Reflect.apply(target, self, args),
      });
      return measure(calculator);
    },
    'hookline patch()': () => {
      const calculator = makeCalculator();
      patch(calculator, 'add', (original, self, args) => original.apply(self, args));
      return measure(calculator);
    },
    'hookline patch() × 2 (stacked)': () => {
      const calculator = makeCalculator();
      patch(calculator, 'add', (original, self, args) => original.apply(self, args));
      patch(calculator, 'add', (original, self, args) => original.apply(self, args));
      return measure(calculator);
    },
  },
  { baseline: 'hand-written closure wrapper', callsPerRun },
);
const ratio =
  (averages.get('hookline patch()') ?? 0) / (averages.get('hand-written closure wrapper') ?? 1);
console.log(`\nhookline patch() is ${ratio.toFixed(2)}× the closure wrapper (goal ≤ 1.30×)`);
