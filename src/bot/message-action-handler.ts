/**
 * The message action's two invokes (Teams message extension, action command with context "message", fetchTask):
 *   composeExtension/fetchTask    → {task: {type: "continue", value: {title, card}}}: the pre-filled Start form dialog
 *   composeExtension/submitAction → the incident starts and its card is posted as a reply in the message's thread
 *                                   (channel) or into the chat; the answer closes the dialog ({}), or shows the
 *                                   refusal as a message ({task: {type: "message", value}}).
 * Shapes from msteams-docs (messaging-extensions/how-to/action-commands/create-task-module.md, respond-to-task-module-submit.md).
 */
import { conversationRoot } from '../incidents/incident';
import { CardFactory, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from 'botbuilder';
import type { CommandContext } from '../commands/command-context';
import type { CommandServices } from '../commands/command-services';
import { prefillFromMessage, prefilledStartDialogCard, START_FROM_MESSAGE_COMMAND, type MessagePayload } from '../commands/message-action';
import { startFormAction } from '../commands/start';
import { toAppError } from '../errors/app-error';
import type { Logger } from '../log';
import type { MemberCache } from './member-cache';
import { turnCommandContext } from './turn-command-context';

function unknownCommand(action: MessagingExtensionAction): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: `This app has no action "${action.commandId ?? ''}". Type "help" to see what it can do.` } };
}

export function fetchTaskResponse(action: MessagingExtensionAction): MessagingExtensionActionResponse {
  if (action.commandId !== START_FROM_MESSAGE_COMMAND) return unknownCommand(action);
  const prefill = prefillFromMessage((action.messagePayload ?? {}) as MessagePayload);
  return {
    task: {
      type: 'continue',
      value: { title: 'Start an incident from this message', height: 'large', width: 'medium', card: CardFactory.adaptiveCard(prefilledStartDialogCard(prefill)) },
    },
  };
}

/**
 * The command context of the submit: in a channel the card goes into the message's thread (conversation
 * `<channel>;messageid=<root>`, replying to the root), so the incident belongs to that thread; in chats, to the chat.
 */
function threadContext(context: TurnContext, payload: MessagePayload, cache: MemberCache, log: Logger): CommandContext {
  const ctx = turnCommandContext(context, cache, log);
  if (ctx.conversationType !== 'channel') return ctx;
  const root = payload.replyToId || payload.id;
  if (!root) return ctx;
  const threadId = `${conversationRoot(ctx.conversationId)};messageid=${root}`;
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) {
      if (a.conversation) a.conversation = { ...a.conversation, id: threadId };
      a.replyToId = root;
    }
    return next();
  });
  return {
    ...ctx,
    conversationId: threadId,
    conversationReference: () => {
      const ref = ctx.conversationReference() as { conversation?: Record<string, unknown> };
      return { ...ref, conversation: { ...(ref.conversation ?? {}), id: threadId } };
    },
  };
}

export async function submitAction(
  context: TurnContext,
  action: MessagingExtensionAction,
  deps: { readonly services: CommandServices; readonly cache: MemberCache; readonly log: Logger },
): Promise<MessagingExtensionActionResponse> {
  if (action.commandId !== START_FROM_MESSAGE_COMMAND) return unknownCommand(action);
  const data = (typeof action.data === 'object' && action.data !== null ? action.data : {}) as Record<string, unknown>;
  try {
    await startFormAction(data, threadContext(context, (action.messagePayload ?? {}) as MessagePayload, deps.cache, deps.log), deps.services);
    return {};
  } catch (e: unknown) {
    const err = toAppError(e);
    if (err.code === 'INTERNAL') deps.log.error({ err: e }, 'message action failed');
    else deps.log.warn({ code: err.code, msg: err.message }, 'message action refused');
    return { task: { type: 'message', value: `${err.message}${err.hint ? ` ${err.hint}` : ''}` } };
  }
}
