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

/** The requester's IANA time zone: activity.localTimezone, else the clientInfo entity's timezone. */
export function timeZoneOf(activity: Activity): string | undefined {
  const candidates = [activity.localTimezone, ...(activity.entities ?? []).filter((e) => e.type === 'clientInfo').map((e) => (e as { timezone?: unknown }).timezone)];
  for (const c of candidates) {
    if (typeof c !== 'string' || c === '') continue;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: c });
      return c;
    } catch (e: unknown) {
      if (!(e instanceof RangeError)) throw e; // an unknown zone name: try the next one
    }
  }
  return undefined;
}
