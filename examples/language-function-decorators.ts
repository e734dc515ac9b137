/**
 * Decorators on functions (the talk's 3.3): log and time calls (3.3.1, `wrapt` decorators stacked
 * as `@timer @logger("+")`), retry what fails now and then (3.3.2), check authorisation before a
 * page renders (3.3.3), and make a function do nothing (3.3.4). TC39's standard decorators work on
 * class methods (TypeScript compiles them; Node runs them as compiled); a plain function is wrapped
 * by calling the same decorator, as `logged(fn)`.
 */
import { guard, logged, retry, stub, timed } from 'hookline/decorators';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Jobs {
  @timed({ log: (line) => console.log(line.replace(/\d+\.\d ms/, '… ms')) })
  @logged({ prefix: '+' })
  async doJob(): Promise<void> {
    await sleep(5);
    console.log('Hello PyCon 2016 China!');
  }

  attempts = 0;

  @retry({ times: 2, on: (error) => (error as Error).message === 'flaky' })
  flaky(): string {
    this.attempts += 1;
    if (this.attempts < 3) throw new Error('flaky');
    return `worked after ${this.attempts} attempts`;
  }
}

const jobs = new Jobs();
await jobs.doJob();
console.log(jobs.flaky());

const needsLogin = (page: { needLogin: boolean; sessionKey: string }) =>
  !page.needLogin || page.sessionKey !== '';

class HomePage {
  needLogin = false;
  sessionKey = '';

  @guard(needsLogin, (page) => console.log(`**** Permission Denied: ${page.constructor.name}`))
  show(): void {
    console.log('** This is Home Page.');
  }
}

class AdminPage {
  needLogin = true;
  sessionKey = '';

  @guard(needsLogin, (page) => console.log(`**** Permission Denied: ${page.constructor.name}`))
  show(): void {
    console.log('** This is Admin Page.');
  }
}

new HomePage().show();
new AdminPage().show();

// 3.3.4: a function made a dummy, wrapped where it is, not edited.
const doJob = stub('Do nothing')(function doJob(): string {
  throw new Error('never runs');
});
console.log(doJob());
