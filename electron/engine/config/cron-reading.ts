/**
 * Checks a schedule's cron expression and words what is wrong in terms of
 * how Tickwork reads the fields: 5 fields are minute-first (min hour day
 * month weekday), 6 are seconds-first (sec min hour day month weekday), as
 * croner, which computes the fires, reads them.
 *
 * The mistake this guards against is a minute-first expression with a sixth
 * field appended (AWS EventBridge puts a year last): `0 19 * * 1-5 *` then
 * means minute 19 of every hour, not 19:00. That shape (a fixed second and
 * minute, every hour, a wildcard last) is refused with both readings spelled
 * out. Refusing it loses nothing: the message gives a spelling that keeps the
 * seconds-first meaning (5 fields when the second is 0, else the hour
 * written as 0-23).
 */
import { Cron } from 'croner';

const FIVE_FIELDS = 'min hour day month weekday';
const SIX_FIELDS = 'sec min hour day month weekday';
/** A last field that reads as one appended to a minute-first expression: a wildcard or a year. */
const APPENDED_FIELD = /^(?:\*|\?|\d{4}(?:[-,]\d{4})*)$/;
/** croner's names for the fields, in the words the messages use. */
const FIELD_WORDS: Readonly<Record<string, string>> = { dayOfMonth: 'day', dayOfWeek: 'weekday' };

/** Why `text` is not a usable cron expression, or undefined when it is. */
export function cronProblem(text: string): string | undefined {
  const expression = text.trim();
  const fields = expression.split(/\s+/);
  if (fields.length === 6) return sixFieldProblem(expression, fields);
  if (fields.length !== 5) return countProblem(expression, fields);
  const invalid = cronError(expression);
  return invalid === undefined ? undefined : `invalid cron expression "${text}": ${invalid}`;
}

function sixFieldProblem(expression: string, fields: readonly string[]): string | undefined {
  const reading = `cron "${expression}" has 6 fields: Tickwork reads 6 fields as seconds-first (${SIX_FIELDS})`;
  const minuteFirst = APPENDED_FIELD.test(fields[5]!) ? minuteFirstFix(fields.slice(0, 5)) : '';
  const invalid = cronError(expression);
  if (invalid !== undefined) return `${reading}, and read so it is invalid: ${fieldWords(invalid)}${minuteFirst}`;
  if (!looksMinuteFirst(fields) || minuteFirst === '') return undefined;
  const [second, minute] = fields as [string, string];
  // With second 0 the seconds-first meaning has a 5-field spelling; otherwise an explicit 0-23 keeps it unambiguous.
  const asRead = second === '0' ? fields.slice(1).join(' ') : [second, minute, '0-23', ...fields.slice(3)].join(' ');
  const meaning = second === '0' ? `minute ${minute} of each hour` : `second ${second} of minute ${minute} of each hour`;
  return `${reading}${minuteFirst}; to keep the seconds-first reading (${meaning}) write "${asRead}"`;
}

/** A wrong count; a Quartz-style 7 fields (seconds first, a year last) gets its 5-field spelling when there is one. */
function countProblem(expression: string, fields: readonly string[]): string {
  const expected = `expected a cron expression of 5 fields (${FIVE_FIELDS}) or 6, read seconds-first (${SIX_FIELDS}), got ${fields.length}: "${expression}"`;
  if (fields.length !== 7 || fields[0] !== '0') return expected;
  const fix = minuteFirstFix(fields.slice(1, 6));
  return fix === '' ? expected : `${expected}; a seventh field (a year) is not read${fix}`;
}

/** A fixed second and minute, every hour and a wildcard last: a minute-first expression with a field appended. */
function looksMinuteFirst(fields: readonly string[]): boolean {
  return /^\d+$/.test(fields[0]!) && /^\d+$/.test(fields[1]!) && fields[2] === '*' && (fields[5] === '*' || fields[5] === '?');
}

/** `; for 19:00 write "0 19 * * 1-5"` when the five fields read minute-first are valid, else ''. */
function minuteFirstFix(five: readonly string[]): string {
  const written = five.map((field) => (field === '?' ? '*' : field)).join(' ');
  if (cronError(written) !== undefined) return '';
  const [minute, hour] = five as [string, string];
  const when = /^\d+$/.test(minute) && /^\d+$/.test(hour) ? `for ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}` : 'to read it minute-first';
  return `; ${when} write "${written}"`;
}

/** croner's complaint about `expression`, or undefined when it accepts it. */
function cronError(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}

function fieldWords(message: string): string {
  return message.replace(/\b(dayOfMonth|dayOfWeek)\b/g, (name) => FIELD_WORDS[name]!);
}
