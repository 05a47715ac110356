/**
 * Pairs the `<at>…</at>` runs of activity.text with the mention entities Teams sent.
 *
 * Teams lists one entity per mention, in text order, with `text` = the exact markup. The markup can differ from the
 * entity's name (the user trimmed "Megan Bowen" to "Megan"), two people can share a name, names with `&` arrive
 * encoded in the text (and Teams then sometimes omits the entity's `text`). So matching goes in three passes:
 * same markup, then same name, then the remaining runs take the remaining entities in order.
 */
import type { MentionEntity } from '../command';
import { decodeHtmlEntities } from './html-entities';
import { stripTags, tagNameLength } from './markup-scan';

export type RunMatch =
  | { readonly kind: 'bot' }
  | { readonly kind: 'entity'; readonly entity: MentionEntity }
  | { readonly kind: 'none' };

/** The inner text when `text` is exactly one `<at …>inner</at>` run (surrounding whitespace allowed), else undefined. */
function atRunInner(text: string): string | undefined {
  const trimmed = text.trim();
  if (tagNameLength(trimmed, 1) !== 2 || trimmed.slice(0, 3).toLowerCase() !== '<at') return undefined;
  const gt = trimmed.indexOf('>', 3);
  const tailStart = Math.max(0, trimmed.length - 64); // a closing tag is short: look only at the end
  const close = /<\/at\s*>$/i.exec(trimmed.slice(tailStart));
  if (gt < 0 || !close) return undefined;
  const closeIndex = tailStart + close.index;
  return closeIndex > gt ? trimmed.slice(gt + 1, closeIndex) : undefined;
}

/** Comparable form of a mention's visible text: tags removed, decoded, whitespace collapsed, lower-cased. */
function mentionKey(text: string): string {
  return decodeHtmlEntities(stripTags(text))
    .replace(/[\s\u200b]+/g, ' ')
    .trim()
    .toLowerCase();
}

function entityTextKey(entity: MentionEntity): string | undefined {
  if (!entity.text) return undefined;
  return mentionKey(atRunInner(entity.text) ?? entity.text);
}

/**
 * @param runs the decoded-or-not inner text of each `<at>` run, in text order
 * @returns one match per run
 *
 * Linear in runs + entities: each pass looks entities up by key, and a pointer skips entities already taken
 * (taken stays taken), instead of scanning all entities for every run.
 */
export function matchMentionRuns(
  runs: readonly string[],
  entities: readonly MentionEntity[],
  botId: string,
): RunMatch[] {
  const isBot = (e: MentionEntity): boolean => botId !== '' && e.id === botId;
  const used = new Set<number>();
  const result: (RunMatch | undefined)[] = runs.map(() => undefined);

  const assign = (runIndex: number, entityIndex: number): void => {
    const entity = entities[entityIndex];
    if (!entity) return;
    used.add(entityIndex);
    result[runIndex] = isBot(entity) ? { kind: 'bot' } : { kind: 'entity', entity };
  };

  // The bot may be mentioned more than once: its entity can match several runs.
  const free = (entityIndex: number): boolean => {
    const entity = entities[entityIndex];
    return entity !== undefined && (!used.has(entityIndex) || isBot(entity));
  };

  const runKeys = runs.map(mentionKey);
  const passes: ((entity: MentionEntity) => string | undefined)[] = [entityTextKey, (entity) => mentionKey(entity.name)];
  for (const keyOf of passes) {
    const byKey = new Map<string, { readonly indexes: number[]; next: number }>();
    entities.forEach((entity, i) => {
      const key = keyOf(entity);
      if (key === undefined) return;
      const slot = byKey.get(key) ?? { indexes: [], next: 0 };
      slot.indexes.push(i);
      byKey.set(key, slot);
    });
    runKeys.forEach((key, runIndex) => {
      if (result[runIndex]) return;
      const slot = byKey.get(key);
      if (!slot) return;
      while (slot.next < slot.indexes.length && !free(slot.indexes[slot.next] ?? -1)) slot.next++;
      const entityIndex = slot.indexes[slot.next];
      if (entityIndex !== undefined) assign(runIndex, entityIndex);
    });
  }
  // Positional fallback: a remaining run takes the next entity nobody matched.
  let next = 0;
  runKeys.forEach((_key, runIndex) => {
    if (result[runIndex]) return;
    while (next < entities.length && used.has(next)) next++;
    if (next < entities.length) assign(runIndex, next);
  });

  return result.map((match) => match ?? { kind: 'none' });
}
