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

export type RunMatch =
  | { readonly kind: 'bot' }
  | { readonly kind: 'entity'; readonly entity: MentionEntity }
  | { readonly kind: 'none' };

const AT_RUN = /^\s*<at\b[^>]*>([\s\S]*?)<\/at\s*>\s*$/i;

/** Comparable form of a mention's visible text: tags removed, decoded, whitespace collapsed, lower-cased. */
export function mentionKey(text: string): string {
  return decodeHtmlEntities(text.replace(/<[^>]*>/g, ''))
    .replace(/[\s\u200b]+/g, ' ')
    .trim()
    .toLowerCase();
}

function entityTextKey(entity: MentionEntity): string | undefined {
  if (!entity.text) return undefined;
  const run = AT_RUN.exec(entity.text);
  return mentionKey(run ? (run[1] ?? '') : entity.text);
}

/**
 * @param runs the decoded-or-not inner text of each `<at>` run, in text order
 * @returns one match per run
 */
export function matchMentionRuns(
  runs: readonly string[],
  entities: readonly MentionEntity[],
  botId: string,
): RunMatch[] {
  const runKeys = runs.map(mentionKey);
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

  const passes: ((entity: MentionEntity, key: string) => boolean)[] = [
    (entity, key) => entityTextKey(entity) === key,
    (entity, key) => mentionKey(entity.name) === key,
  ];
  for (const sameAs of passes) {
    runKeys.forEach((key, runIndex) => {
      if (result[runIndex]) return;
      const entityIndex = entities.findIndex((entity, i) => free(i) && sameAs(entity, key));
      if (entityIndex >= 0) assign(runIndex, entityIndex);
    });
  }
  // Positional fallback: a remaining run takes the next entity nobody matched.
  runKeys.forEach((_key, runIndex) => {
    if (result[runIndex]) return;
    const entityIndex = entities.findIndex((_entity, i) => !used.has(i));
    if (entityIndex >= 0) assign(runIndex, entityIndex);
  });

  return result.map((match) => match ?? { kind: 'none' });
}
