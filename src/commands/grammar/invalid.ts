/** Building InvalidCommand results and the examples in their hints, written the way the user addresses the bot. */
import type { InvalidCommand } from '../command';
import type { VerbContext } from './verb';

export function invalid(
  context: VerbContext,
  message: string,
  hint: string,
  code: InvalidCommand['code'] = 'COMMAND_INVALID',
): InvalidCommand {
  return { kind: 'invalid', command: context.command, code, message, hint };
}

/** A complete message: `@IncidentBridge <text>` in chats where the bot was mentioned, else `<text>`. */
export function exampleMessage(context: VerbContext, text: string): string {
  return `${context.botName ? `@${context.botName} ` : ''}${text}`;
}

/** `Example: @IncidentBridge <text>`. */
export function exampleHint(context: VerbContext, text: string): string {
  return `Example: ${exampleMessage(context, text)}`;
}
