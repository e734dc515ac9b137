/**
 * Operator overwriting (the talk's 3.2.3: Scala-like lambdas `_ * 2`, and a task graph built with
 * `t1 >> t2`). JavaScript has no operator overloading: `*`, `+` and `>>` on objects call
 * `valueOf()`/`Symbol.toPrimitive` and compute numbers, with no hook that gets both operands. The
 * idiomatic way is a method that reads as the operator would: a placeholder whose methods build
 * the lambda, and a `to` method that returns the task it was given, so chains read left to right
 * as `>>` did. (Not `then`: an object with a `then` method is taken for a promise by `await`.)
 */

/** `_.times(2)` for Scala's `_ * 2`, `_.plus(10)` for `10 + _`. */
const _ = {
  times: (n: number) => (a: number) => a * n,
  plus: (n: number) => (a: number) => a + n,
};

console.log(JSON.stringify([0, 1, 2, 3].map(_.times(2))));
console.log(JSON.stringify([0, 1, 2, 3].map(_.plus(10))));

class Task {
  readonly next: Task[] = [];

  constructor(readonly name: string) {}

  /** Python's `t1 >> t2`: t2 runs after t1; returns t2 so that chains go on. */
  to(task: Task): Task {
    this.next.push(task);
    return task;
  }

  toString(): string {
    return this.name;
  }
}

function drawDag(task: Task, level = 0): void {
  console.log(`${' '.repeat(level * 2 + 1)}+ ${task}`);
  for (const next of task.next) drawDag(next, level + 1);
}

const [t1, t2, t3, t4, t5, t6, t7] = Array.from(
  { length: 7 },
  (_unused, index) => new Task(`t${index + 1}`),
) as [Task, Task, Task, Task, Task, Task, Task];
t1.to(t2).to(t3).to(t4);
t2.to(t5).to(t6);
t1.to(t7);
drawDag(t1);
