/**
 * Make a class's methods safe to call together (the talk's 3.4.1 class decorator and 3.6.3
 * metaclass, both wrapping every method in one lock). A Node program's code runs on one thread,
 * so the talk's race of threads is, in Node, a race of async calls: each method reads `data`,
 * awaits (the talk's `time.sleep`), then writes, so three started together read the same `data`
 * and two writes are lost. `@synchronized` on the class queues the calls of its async methods on
 * each instance, in the order they were made. (The talk's metaclass variant is the same in
 * TypeScript: a class decorator is where a class's definition can be hooked.)
 */
import { synchronized } from 'hookline/decorators';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The talk's method body: read, sleep, write what was read with a suffix. */
async function append(task: { data: string }, suffix: string): Promise<void> {
  const data = task.data;
  await sleep(5);
  task.data = `${data}${suffix}`;
}

class Task {
  data = 'xxx';
  async run1(): Promise<void> {
    await append(this, '111');
  }
  async run2(): Promise<void> {
    await append(this, '222');
  }
  async run3(): Promise<void> {
    await append(this, '333');
  }
}

@synchronized
class SynchronizedTask {
  data = 'xxx';
  async run1(): Promise<void> {
    await append(this, '111');
  }
  async run2(): Promise<void> {
    await append(this, '222');
  }
  async run3(): Promise<void> {
    await append(this, '333');
  }
}

for (const task of [new Task(), new SynchronizedTask()]) {
  await Promise.all([task.run1(), task.run2(), task.run3()]);
  const ok = task.data.length === 12;
  console.log(
    `${task.constructor.name}: final data: ${task.data}${ok ? '' : ' (length should be 12)'}`,
  );
}
