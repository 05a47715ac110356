/**
 * The Teams activity handler: messages become commands, card buttons become verbs, installs get a welcome.
 * Every failure is answered with the error card; nothing is left unanswered.
 */
import {
  ActivityTypes,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TurnContext,
} from 'botbuilder';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { isCardVerb, isFormVerb } from '../cards/card-actions';
import { errorReply } from '../cards/error-card';
import { helpCard } from '../cards/help-card';
import { incidentCard } from '../cards/incident-card';
import type { CommandServices } from '../commands/command-services';
import { dispatchCommand, runCardAction, runFormAction } from '../commands/dispatch';
import { incidentHere } from '../commands/target-incident';
import { parseCommand } from '../commands/parse-command';
import { AppError } from '../errors/app-error';
import { incidentNotFound } from '../incidents/incident-errors';
import type { Logger } from '../log';
import { withContext } from '../log';
import { commandInputOf } from './command-input';
import { MemberCache } from './member-cache';
import { fetchTaskResponse, submitAction } from './message-action-handler';
import { cardActivity, turnCommandContext } from './turn-command-context';

export class IncidentBot extends TeamsActivityHandler {
  private readonly members = new MemberCache();

  constructor(private readonly services: CommandServices, private readonly log: Logger) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await context.sendActivity(cardActivity(helpCard()));
      await next();
    });
  }

  private turnLog(context: TurnContext): Logger {
    return withContext(this.log, { activityId: context.activity.id, conversationId: context.activity.conversation?.id });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const log = this.turnLog(context);
    const a = context.activity;
    if (a.value !== undefined && (a.text ?? '').trim() === '') {
      // Action.Submit from an older client: we only use Action.Execute, so say so instead of staying silent.
      await context.sendActivity(cardActivity(errorReply(new AppError('COMMAND_INVALID', 'That button is not supported in this client.', { hint: 'Type the command instead, e.g. "start sev2 Checkout down".' })).card));
      return;
    }
    const ctx = turnCommandContext(context, this.members, log);
    try {
      const parsed = parseCommand(commandInputOf(a));
      log.info({ command: parsed.kind }, 'command received');
      await dispatchCommand(parsed, ctx, this.services);
    } catch (e: unknown) {
      await this.replyWithError(context, e, log);
    }
  }

  /** Posts the error card; returns the one-line text for an invoke's response. */
  private async replyWithError(context: TurnContext, e: unknown, log: Logger): Promise<string> {
    const reply = errorReply(e);
    if (reply.unexpected) log.error({ err: e }, 'command failed');
    else log.warn({ code: reply.error.code, msg: reply.error.message }, 'command refused');
    await context.sendActivity(cardActivity(reply.card));
    return reply.text;
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value.action?.verb;
    const data = (value.action?.data ?? {}) as Record<string, unknown>;
    const incidentId = typeof data['incidentId'] === 'string' ? data['incidentId'] : undefined;
    const log = withContext(this.turnLog(context), { incidentId });
    if (isFormVerb(verb)) {
      log.info({ verb }, 'form submitted');
      try {
        return messageResponse(await runFormAction(verb, data, turnCommandContext(context, this.members, log), this.services));
      } catch (e: unknown) {
        return messageResponse(await this.replyWithError(context, e, log));
      }
    }
    if (!isCardVerb(verb) || !incidentId) {
      log.warn({ verb }, 'unknown card action');
      return messageResponse('That button is no longer supported. Type "help" to see what I can do.');
    }
    const ctx = turnCommandContext(context, this.members, log);
    log.info({ verb }, 'card action');
    try {
      const incident = await incidentHere(incidentId, ctx, this.services);
      if (!incident) return messageResponse(incidentNotFound(incidentId).message);
      const after = await runCardAction(verb, incident, data, ctx, this.services);
      return cardResponse(incidentCard(after));
    } catch (e: unknown) {
      const text = await this.replyWithError(context, e, log);
      const current = await incidentHere(incidentId, ctx, this.services).catch((again: unknown) => {
        log.error({ err: again }, 'could not read the incident after a failed card action');
        return undefined;
      });
      return current ? cardResponse(incidentCard(current)) : messageResponse(text);
    }
  }

  /** "Start incident from this message" (message action, issue #14): the pre-filled Start form, then the card. */
  protected override async handleTeamsMessagingExtensionFetchTask(_context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return fetchTaskResponse(action);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return submitAction(context, action, { services: this.services, cache: this.members, log: this.turnLog(context) });
  }

  /** Ignore anything that is neither a message nor something Teams expects an answer to. */
  protected override async onUnrecognizedActivity(context: TurnContext): Promise<void> {
    if (context.activity.type !== ActivityTypes.Typing) this.turnLog(context).debug({ type: context.activity.type }, 'activity ignored');
  }
}

function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as unknown as Record<string, unknown> };
}

function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}
