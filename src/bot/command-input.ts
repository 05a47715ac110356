/** Builds the parser's input from a Teams message activity. */
import type { Activity } from 'botbuilder';
import type { CommandInput, MentionEntity } from '../commands/command';

export function commandInputOf(activity: Activity): CommandInput {
  const mentions: MentionEntity[] = [];
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention') continue;
    const mentioned = (e as { mentioned?: { id?: unknown; name?: unknown } }).mentioned;
    const text = (e as { text?: unknown }).text;
    if (typeof mentioned?.id !== 'string') continue;
    mentions.push({
      id: mentioned.id,
      name: typeof mentioned.name === 'string' ? mentioned.name : '',
      text: typeof text === 'string' ? text : `<at>${typeof mentioned.name === 'string' ? mentioned.name : ''}</at>`,
    });
  }
  return { text: activity.text ?? '', mentions, botId: activity.recipient?.id ?? '' };
}

/** Zone names already checked (constructing an Intl.DateTimeFormat per message cost 4.5% of CPU, #12). Bounded. */
const zoneValid = new Map<string, boolean>();

function isKnownZone(zone: string): boolean {
  const seen = zoneValid.get(zone);
  if (seen !== undefined) return seen;
  let ok = true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch (e: unknown) {
    if (!(e instanceof RangeError)) throw e; // an unknown zone name
    ok = false;
  }
  if (zoneValid.size >= 1000) zoneValid.clear();
  zoneValid.set(zone, ok);
  return ok;
}

/** The requester's IANA time zone: activity.localTimezone, else the clientInfo entity's timezone. */
export function timeZoneOf(activity: Activity): string | undefined {
  const candidates = [activity.localTimezone, ...(activity.entities ?? []).filter((e) => e.type === 'clientInfo').map((e) => (e as { timezone?: unknown }).timezone)];
  for (const c of candidates) {
    if (typeof c !== 'string' || c === '') continue;
    if (isKnownZone(c)) return c; // else try the next one
  }
  return undefined;
}
