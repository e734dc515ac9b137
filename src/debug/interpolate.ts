// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in plain strings is the template syntax interpolate() reads.
import { describeValue, HooklineTypeError } from '../internal/errors.js';
import { pauseFailed } from './caller-locals.js';
import { pauseForRequest } from './main-thread.js';
import type { Box } from './protocol.js';
import { parseTemplate } from './template.js';

/**
 * Fills each `${expression}` of `template` with its value in the caller's scope, converted as
 * a template literal converts it. Useful where the template is not in the code: read from a
 * file, a message catalogue, a log format. `\${` stays a literal `${`. An expression that
 * throws throws from here.
 *
 * Like {@link callerLocals} it pauses the program for a moment through the inspector; a
 * template without `${` returns at once.
 *
 * @example
 * const name = 'Guido van Rossum';
 * const places = ['Amsterdam', 'LA', 'New York'];
 * interpolate('My name is ${"Mr. " + name + ", Esquire"}. I have visited ${places.join(", ")}.');
 */
export function interpolate(template: string): string {
  if (typeof template !== 'string') {
    throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
      where: 'interpolate(template)',
      expected: 'a string',
      received: describeValue(template),
      fix: 'Pass the template as a string, e.g. interpolate("total: ${total}").',
    });
  }
  const parts = parseTemplate(template, 'interpolate(template)');
  if (parts.every((part) => 'text' in part))
    return parts.map((part) => ('text' in part ? part.text : '')).join('');
  const box: Box = {};
  // hooklinePause ← pauseForRequest ← interpolate ← the caller
  const result = pauseForRequest({ kind: 'interpolate', callerFrame: 3, parts }, box);
  if (result.kind !== 'served') throw pauseFailed('interpolate(template)', result);
  if (box.thrown) throw box.error;
  if (typeof box.value !== 'string') {
    throw pauseFailed('interpolate(template)', {
      kind: 'failed',
      reason: 'the template could not be evaluated',
    });
  }
  return box.value;
}
