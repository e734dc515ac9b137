// The cost of a recording spy, a call: hookline's spy() against tinyspy (vitest's engine),
// @vitest/spy (vi.spyOn), jest-mock (jest.spyOn) and sinon.spy. Each run makes 100 calls and
// then empties the spy's record, so no spy grows without bound; the time shown is per call.
// Each case runs in its own process (see compareIsolated).
import { spyOn as vitestSpyOn } from '@vitest/spy';
import { spy } from 'hookline/patch';
import { ModuleMocker } from 'jest-mock';
import { do_not_optimize } from 'mitata';
import sinon from 'sinon';
import { spyOn as tinyspyOn } from 'tinyspy';
import { compareIsolated } from '../helpers/isolated.js';
import { type Calculator, makeCalculator } from './calculator.js';

const callsPerRun = 100;
const measure = (calculator: Calculator, clear: () => void) => () => {
  for (let i = 0; i < callsPerRun; i++) do_not_optimize(calculator.add(i, 1));
  clear();
};

const averages = await compareIsolated(
  'A call through a recording spy (receiver, arguments and result recorded)',
  {
    'plain call, no spy': () => measure(makeCalculator(), () => {}),
    // The floor: a wrapper that keeps only each call's arguments, nothing else.
    'bare wrapper keeping the arguments': () => {
      const calculator = makeCalculator();
      const original = calculator.add;
      const kept: unknown[] = [];
      calculator.add = function (this: Calculator, ...args: [number, number]) {
        kept.push(args);
        return original.call(this, args[0], args[1]);
      };
      return measure(calculator, () => {
        kept.length = 0;
      });
    },
    // The floor of any spy that records what spy() records: one record a call, in a closure that
    // does nothing else (no restore, no stacking, no promises, no throw handling).
    'bare wrapper keeping a record { self, args, threw, result }': () => {
      const calculator = makeCalculator();
      const original = calculator.add;
      const kept: { self: unknown; args: unknown[]; threw: boolean; result: unknown }[] = [];
      calculator.add = function (this: Calculator, ...args: [number, number]) {
        const record = { self: this, args, threw: false, result: undefined as unknown };
        kept.push(record);
        record.result = original.call(this, args[0], args[1]);
        return record.result as number;
      };
      return measure(calculator, () => {
        kept.length = 0;
      });
    },
    'hookline spy()': () => {
      const calculator = makeCalculator();
      const recorded = spy(calculator, 'add');
      return measure(calculator, () => {
        recorded.calls.length = 0;
      });
    },
    tinyspy: () => {
      const calculator = makeCalculator();
      const recorded = tinyspyOn(calculator, 'add');
      return measure(calculator, () => recorded.reset());
    },
    'vi.spyOn (@vitest/spy)': () => {
      const calculator = makeCalculator();
      const recorded = vitestSpyOn(calculator, 'add');
      return measure(calculator, () => recorded.mockClear());
    },
    'jest.spyOn (jest-mock)': () => {
      const calculator = makeCalculator();
      const recorded = new ModuleMocker(globalThis).spyOn(calculator, 'add');
      return measure(calculator, () => recorded.mockClear());
    },
    'sinon.spy': () => {
      const calculator = makeCalculator();
      const recorded = sinon.spy(calculator, 'add');
      return measure(calculator, () => recorded.resetHistory());
    },
  },
  { baseline: 'hookline spy()', callsPerRun },
);
const ns = averages.get('hookline spy()') ?? 0;
const overhead = ns - (averages.get('plain call, no spy') ?? 0);
console.log(
  `\nhookline spy(): ${ns.toFixed(1)} ns a call, ${overhead.toFixed(1)} ns over a plain call (goal ≤ 30 ns)`,
);
