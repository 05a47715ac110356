/** Meeting durations: "30m", "45 min", "1h", "1h30m", "1h30", "1.5h", "90 minutes", "2 hours", "1 hour 30 minutes". */

const MIN_DURATION_MINUTES = 5;
const MAX_DURATION_MINUTES = 24 * 60;
export const DURATION_HINT = 'Use e.g. for 30m, for 45 min, for 1h30m or for 2 hours (5 minutes to 24 hours).';

const HOURS = '(?:h|hr|hrs|hour|hours)';
const MINUTES = '(?:m|min|mins|minute|minutes)';
const FORMS: readonly RegExp[] = [
  new RegExp(`^(?:(\\d+(?:[.,]\\d+)?)\\s*${HOURS})?\\s*(?:(\\d+)\\s*${MINUTES})?$`),
  new RegExp(`^(\\d+)\\s*${HOURS}\\s*(\\d{1,2})$`), // "1h30"
];

/** Minutes for a duration text, or undefined when the text is not a duration form. Range is not checked here. */
export function parseDurationText(text: string): number | undefined {
  const normalised = text.trim().toLowerCase();
  if (!normalised || !/\d/.test(normalised)) return undefined;
  for (const form of FORMS) {
    const m = form.exec(normalised);
    if (!m) continue;
    const hours = m[1] === undefined ? 0 : Number(m[1].replace(',', '.'));
    const minutes = m[2] === undefined ? 0 : Number(m[2]);
    return Math.round(hours * 60 + minutes);
  }
  return undefined;
}

function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0 && minutes >= 60) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** An error text when the duration is outside 5 min..24 h or not whole minutes; undefined when fine. */
export function durationProblem(minutes: number): string | undefined {
  if (!Number.isFinite(minutes) || !Number.isInteger(minutes)) return 'The duration must be a whole number of minutes.';
  if (minutes < MIN_DURATION_MINUTES) return `A bridge must last at least ${MIN_DURATION_MINUTES} minutes (got ${describeMinutes(minutes)}).`;
  if (minutes > MAX_DURATION_MINUTES) return `A bridge can last at most 24 hours (got ${describeMinutes(minutes)}).`;
  return undefined;
}
