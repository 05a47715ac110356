/**
 * Changing an incident's severity (the card is updated in place): `sev1`…`sev4 [id]` with the severity as the verb (every spelling severity.ts
 * reads: `SEV2`, `sev 2`, `sev-2`, `[SEV2]`), or `severity [id] <sev> [id]` where <sev> may also be a bare digit
 * (`severity 2`). The id may go without `INC-`.
 *
 * The bare form only counts when nothing but an optional id follows: `sev2 DB down` is someone opening an incident
 * without `start` (or chatting), so it is answered with help, not read as a severity change with junk. After the
 * explicit `severity` every problem is reported with a hint. `sev0`, `sev5` are rejected.
 */
import type { Severity } from '../incidents/incident';
import { severityLabel } from '../incidents/incident-lifecycle';
import type { HelpCommand, InvalidCommand, TargetsIncident } from './command';
import { defineCommand, SHARED } from './command-module';
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './grammar/incident-id-grammar';
import { malformedId, parseTargetOnly, targetFields } from './grammar/incident-target';
import { exampleHint, invalid } from './grammar/invalid';
import { matchSeverity, type SeverityMatch } from './grammar/severity';
import { isPunctuationOnly, keywordOf, type Token } from './grammar/tokens';
import { unrecognised } from './grammar/unrecognised';
import type { VerbContext, VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `sev1..sev4 [id]`: change severity. */
export interface SeverityCommand extends TargetsIncident { readonly kind: 'severity'; readonly severity: Severity }

type Parsed = SeverityCommand | InvalidCommand | HelpCommand;

const EXAMPLE = `sev2 ${EXAMPLE_INCIDENT_ID}`;

function outOfRange(context: VerbContext, text: string): Parsed {
  return invalid(context, `"${text}" is not a severity: use sev1, sev2, sev3 or sev4.`, exampleHint(context, EXAMPLE));
}

function skipPunctuation(tokens: readonly Token[], index: number): number {
  let i = index;
  for (let token = tokens[i]; token && token.kind === 'word' && isPunctuationOnly(token.text); token = tokens[++i]);
  return i;
}

function result(severity: Severity, incidentId: string | undefined): Parsed {
  return { kind: 'severity', severity, ...targetFields(incidentId) };
}

/** The id after the severity: empty, or one id (`parseTargetOnly`). */
function finish(
  tokens: readonly Token[],
  from: number,
  context: VerbContext,
  severity: Exclude<SeverityMatch, { kind: 'none' }>,
  leadingId: string | undefined,
): Parsed {
  if (severity.kind === 'out-of-range') return outOfRange(context, severity.text);
  const target = parseTargetOnly(tokens, from, context, EXAMPLE);
  if (target.kind === 'invalid') return target;
  if (leadingId !== undefined && target.incidentId !== undefined && target.incidentId !== leadingId) {
    return invalid(context, `Two incident ids: ${leadingId} and ${target.incidentId}.`, `Give one incident id. ${exampleHint(context, EXAMPLE)}`);
  }
  return result(severity.severity, leadingId ?? target.incidentId);
}

/** `sev2 [id]`: tokens[argsStart] is the severity itself (the verb takes no tokens of its own). */
const parseSeverityShorthand: VerbParser<SeverityCommand> = (tokens, argsStart, context) => {
  const severity = matchSeverity(tokens, argsStart);
  if (severity.kind === 'none') return unrecognised(tokens.slice(argsStart));
  const rest = argsStart + severity.consumed;
  const args = tokens.slice(rest).filter((token) => token.kind !== 'word' || !isPunctuationOnly(token.text));
  const [first, ...more] = args;
  if (more.length > 0 || (first && matchIncidentId(first, true).kind === 'none')) return unrecognised(tokens.slice(argsStart));
  return finish(tokens, rest, context, severity, undefined);
};

/** `severity [id] <sev> [id]`. */
const parseSeverityCommand: VerbParser<SeverityCommand> = (tokens, argsStart, context) => {
  let at = skipPunctuation(tokens, argsStart);
  const lead = matchIncidentId(tokens[at], true);
  if (lead.kind === 'malformed') return malformedId(context, lead.text, EXAMPLE);
  const leadingId = lead.kind === 'id' ? lead.id : undefined;
  if (leadingId !== undefined) at = skipPunctuation(tokens, at + 1);

  let severity = matchSeverity(tokens, at);
  if (severity.kind === 'none') {
    const digits = /^\d{1,2}$/.exec(keywordOf(tokens[at]) ?? '')?.[0];
    if (digits !== undefined) {
      const level = Number(digits);
      severity = level >= 1 && level <= 4
        ? { kind: 'severity', severity: `sev${level}` as Severity, consumed: 1 }
        : { kind: 'out-of-range', text: digits, consumed: 1 };
    }
  }
  if (severity.kind === 'none') {
    return invalid(context, 'Which severity? Give sev1, sev2, sev3 or sev4.', exampleHint(context, EXAMPLE));
  }
  return finish(tokens, at + severity.consumed, context, severity, leadingId);
};

export const severity = defineCommand<SeverityCommand>()({
  name: 'severity',
  aliases: ['severity'],
  shorthand: { matches: (tokens, index) => matchSeverity(tokens, index).kind !== 'none', parse: parseSeverityShorthand },
  catalog: {
    name: 'sev1',
    usage: 'sev1…sev4 [id]',
    description: 'Change the severity: sev1, sev2, sev3 or sev4, optionally followed by the incident id.',
    example: 'sev1 INC-7F3A2QK',
    scopes: SHARED,
    available: true,
  },
  parse: parseSeverityCommand,
  refusesResolved: true,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const { incident: after, changed } = await services.incidents.changeSeverity(incident.id, cmd.severity, ctx.from);
    if (!changed) {
      await ctx.sendText(`${after.id} already is ${severityLabel(after.severity)}.`);
      return;
    }
    await services.cards.update(after);
    await ctx.sendText(`${after.id} is now ${severityLabel(after.severity)} (was ${severityLabel(incident.severity)}).`);
  },
});
