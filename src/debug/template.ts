// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in plain strings is the template syntax interpolate() reads.
import { HooklineTypeError } from '../internal/errors.js';
import type { TemplatePart } from './protocol.js';

/**
 * Splits `text ${expr} text` into literal text and expressions. Braces inside an expression
 * nest, and quotes, template literals and comments in it are skipped over, so
 * `${ {a: 1}.a }` and `${ "}" }` work; `\${` stays literal text.
 */
export function parseTemplate(template: string, where: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let index = 0;
  while (index < template.length) {
    if (template.startsWith('\\${', index)) {
      text += '${';
      index += 3;
    } else if (template.startsWith('${', index)) {
      const end = expressionEnd(template, index + 2);
      if (end === -1) {
        throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
          where,
          expected: 'every ${ to be closed by a matching }',
          received: `an unclosed \${ at offset ${index}`,
          fix: 'Close the expression, or write \\${ for a literal "${".',
        });
      }
      if (text !== '') parts.push({ text });
      text = '';
      const expression = template.slice(index + 2, end);
      if (expression.trim() === '') {
        throw new HooklineTypeError('ERR_HOOKLINE_INVALID_ARGUMENT', {
          where,
          expected: 'an expression inside each ${}',
          received: `an empty \${} at offset ${index}`,
          fix: 'Put an expression between the braces, or write \\${ for a literal "${".',
        });
      }
      parts.push({ expression });
      index = end + 1;
    } else {
      text += template[index];
      index += 1;
    }
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/** The index of the `}` closing an expression that starts at `start`, or -1. */
function expressionEnd(source: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === '"' || char === "'" || char === '`') {
      index = skipQuoted(source, index);
      if (index === -1) return -1;
      continue;
    }
    if (source.startsWith('//', index)) {
      const newline = source.indexOf('\n', index);
      if (newline === -1) return -1;
      index = newline + 1;
      continue;
    }
    if (source.startsWith('/*', index)) {
      const close = source.indexOf('*/', index + 2);
      if (close === -1) return -1;
      index = close + 2;
      continue;
    }
    if (char === '{') depth += 1;
    else if (char === '}') {
      if (depth === 0) return index;
      depth -= 1;
    }
    index += 1;
  }
  return -1;
}

/** Skips a quoted string or template literal (with `${}` inside); returns the index after it. */
function skipQuoted(source: string, start: number): number {
  const quote = source[start];
  let index = start + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === quote) return index + 1;
    if (quote === '`' && source.startsWith('${', index)) {
      const end = expressionEnd(source, index + 2);
      if (end === -1) return -1;
      index = end + 1;
      continue;
    }
    index += 1;
  }
  return -1;
}
