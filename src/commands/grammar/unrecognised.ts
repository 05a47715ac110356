/** The answer to text that is no command: the help card, echoing (a bounded part of) what was typed. */
import type { HelpCommand } from '../command';
import { renderTokens, type Token } from './tokens';

const MAX_ECHO_LENGTH = 200;

export function unrecognised(tokens: readonly Token[]): HelpCommand {
  const text = renderTokens(tokens);
  return {
    kind: 'help',
    reason: 'unrecognised',
    text: text.length > MAX_ECHO_LENGTH ? `${text.slice(0, MAX_ECHO_LENGTH - 1)}…` : text,
  };
}
