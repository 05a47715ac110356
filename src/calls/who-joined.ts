import type { Incident } from '../incidents/incident';

/** Everyone the bot saw in the meeting's call (its latest call's roster history), each name once. */
export function whoJoined(incident: Incident): readonly string[] {
  return [...new Set(incident.call?.everJoined ?? [])];
}
