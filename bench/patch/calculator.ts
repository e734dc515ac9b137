/** The object both patch benchmarks wrap: a method that reads its receiver. */
export interface Calculator {
  base: number;
  add(a: number, b: number): number;
}

export function makeCalculator(): Calculator {
  return {
    base: 1,
    add(a, b) {
      return this.base + a + b;
    },
  };
}
