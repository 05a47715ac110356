/** `help [topic]` and `?`. */
import { renderTokens } from './tokens';
import type { VerbParser } from './verb';

export const parseHelpCommand: VerbParser = (tokens, argsStart) => {
  const topic = renderTokens(tokens.slice(argsStart)).trim();
  return topic === '' ? { kind: 'help', reason: 'asked' } : { kind: 'help', reason: 'asked', text: topic };
};
