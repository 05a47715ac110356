/**
 * "Start incident from this message" (a message action, issue #14): the message Teams sends with the action becomes
 * a pre-filled Start form (title from its text, its author and mentioned people as attendees, SEV3). Pure: the bot
 * layer (src/bot/message-action-handler.ts) turns it into the dialog and the post.
 */
import { START_INPUTS } from '../cards/card-actions';
import { startForm } from '../cards/start-form';
import { DEFAULT_SEVERITY } from '../incidents/incident';
import { decodeHtmlEntities } from './grammar/html-entities';
import { MAX_TITLE_LENGTH } from './grammar/title';

/** The manifest's command id (scripts/manifest: composeExtensions[].commands[].id). */
export const START_FROM_MESSAGE_COMMAND = 'startIncidentFromMessage';

/** The parts of Teams' messagePayload (a chatMessage) the action reads. */
export interface MessagePayload {
  readonly id?: string;
  readonly replyToId?: string | null;
  readonly body?: { readonly contentType?: string; readonly content?: string } | null;
  readonly from?: { readonly user?: { readonly id?: string; readonly displayName?: string } | null } | null;
  readonly mentions?: readonly { readonly mentioned?: { readonly user?: { readonly id?: string; readonly displayName?: string } | null } | null }[] | null;
}

export interface PrefilledStart {
  readonly title: string;
  readonly people: readonly { readonly aadObjectId: string; readonly displayName: string }[];
}

/** The message's text without markup: mentions (they become attendees), tags and entities; one line, cut to a title. */
export function titleFromMessage(payload: MessagePayload): string {
  const raw = payload.body?.content ?? '';
  const html = payload.body?.contentType !== 'text';
  const text = html
    ? decodeHtmlEntities(raw.replace(/<at\b[^>]*>.*?<\/at>/gis, ' ').replace(/<br\s*\/?>|<\/(p|div|li)>/gi, ' ').replace(/<[^>]+>/g, ''))
    : raw.replace(/<at\b[^>]*>.*?<\/at>/gis, ' ');
  const line = text.replace(/\s+/g, ' ').trim().replace(/^[-–:,;.\s]+/, '');
  return line.length > MAX_TITLE_LENGTH ? `${line.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…` : line;
}

export function prefillFromMessage(payload: MessagePayload): PrefilledStart {
  const people = new Map<string, string>();
  const add = (u: { readonly id?: string; readonly displayName?: string } | null | undefined): void => {
    if (u?.id && !people.has(u.id.toLowerCase())) people.set(u.id.toLowerCase(), u.displayName ?? u.id);
  };
  add(payload.from?.user);
  for (const m of payload.mentions ?? []) add(m.mentioned?.user); // bots and webhooks carry `application`, not `user`
  return { title: titleFromMessage(payload), people: [...people].map(([aadObjectId, displayName]) => ({ aadObjectId, displayName })) };
}

/**
 * The Start form for a dialog: the same inputs as the help card's form, pre-filled, with Action.Submit (dialogs do
 * not run Universal Actions: Teams sends the inputs back as composeExtension/submitAction).
 */
export function prefilledStartDialogCard(prefill: PrefilledStart): Record<string, unknown> {
  const form = startForm();
  const body = form.body.map((el): Record<string, unknown> => {
    if (!('id' in el)) return { ...el };
    if (el.id === START_INPUTS.title) return { ...el, value: prefill.title };
    if (el.id === START_INPUTS.severity) return { ...el, value: DEFAULT_SEVERITY };
    if (el.id === START_INPUTS.people && el.type === 'Input.ChoiceSet') {
      return { ...el, choices: prefill.people.map((p) => ({ title: p.displayName, value: p.aadObjectId })), value: prefill.people.map((p) => p.aadObjectId).join(',') };
    }
    return { ...el };
  });
  return { ...form, body, actions: [{ type: 'Action.Submit', title: 'Start the incident' }] };
}
