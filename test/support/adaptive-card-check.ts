/**
 * Checks a card the way a renderer would: parses it with the `adaptivecards` package (its bundled dist build,
 * the lib/ entry does not load under Node) and returns every parse/validation event (unknown elements, bad values).
 */
import { createRequire } from 'node:module';

interface AcEvent { phase: number; event: number; message: string }
interface AcContext { eventCount: number; getEventAt(i: number): AcEvent; targetVersion?: unknown }
interface AcCard { parse(json: unknown, ctx: AcContext): void; validateProperties(): { validationEvents: AcEvent[] }; version?: { toString(): string } }
interface AcModule {
  AdaptiveCard: new () => AcCard;
  SerializationContext: new () => AcContext;
}

const requireCjs = createRequire(__filename);
const ac = requireCjs('adaptivecards/dist/adaptivecards.js') as AcModule;

export function cardProblems(json: unknown): string[] {
  const card = new ac.AdaptiveCard();
  const ctx = new ac.SerializationContext();
  card.parse(json, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const issue of card.validateProperties().validationEvents) {
    // Teams' people picker is a ChoiceSet with no static choices and a `choices.data` Data.Query (Teams-only):
    // the generic renderer cannot know that, so this one complaint is expected for such a ChoiceSet.
    if (/Input\.ChoiceSet must have at least one choice/.test(issue.message) && JSON.stringify(json).includes('"choices.data":{"type":"Data.Query"')) continue;
    problems.push(issue.message);
  }
  const v = (json as { version?: unknown }).version;
  if (v !== '1.5') problems.push(`version must be 1.5 (Teams), got ${String(v)}`);
  return problems;
}
