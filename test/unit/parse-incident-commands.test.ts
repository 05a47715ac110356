import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvalidCommand, MentionEntity } from '../../src/commands/command';
import type { CommanderCommand } from '../../src/commands/commander';
import type { NoteCommand } from '../../src/commands/note';
import type { PageCommand } from '../../src/commands/page';
import { COMMAND_CATALOG, type ParsedCommand } from '../../src/commands/registry';
import type { ResolveCommand } from '../../src/commands/resolve';
import type { StartCommand } from '../../src/commands/start';
import { parseCommand } from '../../src/commands/parse-command';
import { BOT_ID, BOT, mention, MEGAN, ADELE, AT_BOT, AT_MEGAN, AT_ADELE, megan, adele, email } from '../support/parser-fixtures';



const ID = 'INC-7F3A2QK';
const OTHER_ID = 'INC-AAAAAAA';

function parse(text: string, mentions: readonly MentionEntity[] = [], botId = BOT_ID): ParsedCommand {
  return parseCommand({ text, mentions, botId });
}

/** A channel message "@IncidentBridge <text>" whose other mentions are `others`. */
function channel(text: string, ...others: MentionEntity[]): ParsedCommand {
  return parse(`${AT_BOT} ${text}\n`, [BOT, ...others]);
}

function asKind<K extends ParsedCommand['kind']>(kind: K, result: ParsedCommand): Extract<ParsedCommand, { kind: K }> {
  assert.equal(result.kind, kind, `expected ${kind}, got ${JSON.stringify(result)}`);
  return result as Extract<ParsedCommand, { kind: K }>;
}

const asInvalid = (result: ParsedCommand): InvalidCommand => asKind('invalid', result);
const asStart = (result: ParsedCommand): StartCommand => asKind('start', result);

/** Asserts an InvalidCommand for `command` whose hint carries an example written with the bot mention. */
function assertInvalid(result: ParsedCommand, command: string, message: RegExp, hint: RegExp = /Example: @IncidentBridge /): InvalidCommand {
  const invalid = asInvalid(result);
  assert.equal(invalid.command, command);
  assert.equal(invalid.code, 'COMMAND_INVALID');
  assert.match(invalid.message, message);
  assert.match(invalid.hint, hint);
  return invalid;
}

describe('incident ids', () => {
  const idOnlyVerbs = ['join', 'leave', 'status', 'reopen', 'export'] as const;

  test('prefixed, any case, wrapped or punctuated: normalised to upper case', () => {
    const typed = [
      'INC-7F3A2QK', 'inc-7f3a2qk', 'Inc-7f3A2qK', 'INC-7F3A2QK.', 'INC-7F3A2QK,', '(INC-7F3A2QK)', '[INC-7F3A2QK]',
      '"INC-7F3A2QK"', '#INC-7F3A2QK', 'INC\u20117F3A2QK', 'INC\u20137F3A2QK',
    ];
    for (const verb of idOnlyVerbs) {
      for (const id of typed) assert.deepEqual(channel(`${verb} ${id}`), { kind: verb, incidentId: ID }, `${verb} ${id}`);
    }
  });

  test('without the prefix: 7 Crockford characters with a digit and a letter', () => {
    for (const verb of idOnlyVerbs) {
      assert.deepEqual(channel(`${verb} 7f3a2qk`), { kind: verb, incidentId: ID }, verb);
      assert.deepEqual(channel(`${verb} 7F3A2QK.`), { kind: verb, incidentId: ID }, verb);
    }
  });

  test("Crockford's look-alikes after INC-: O reads 0, I and L read 1", () => {
    assert.deepEqual(channel('status INC-7F3A2QO'), { kind: 'status', incidentId: 'INC-7F3A2Q0' });
    assert.deepEqual(channel('status inc-i1l0o00'), { kind: 'status', incidentId: 'INC-1110000' });
  });

  test('ids without a digit or without a letter need the prefix; the hint writes the id in full', () => {
    assert.deepEqual(channel(`status ${OTHER_ID}`), { kind: 'status', incidentId: OTHER_ID });
    assert.deepEqual(channel('status INC-1234567'), { kind: 'status', incidentId: 'INC-1234567' });
    const letters = assertInvalid(channel('status aaaaaaa'), 'status', /"aaaaaaa" is not one/, /Write the id in full: @IncidentBridge status INC-AAAAAAA/);
    assert.doesNotMatch(letters.hint, /Example/);
    assertInvalid(channel('join 1234567'), 'join', /"1234567" is not one/, /join INC-1234567/);
  });

  test('INC- with anything but 7 valid characters is a malformed id', () => {
    for (const bad of ['INC-42', 'INC-7F3A2QKX', 'INC-7F3A2Q', 'INC-7F3A2QU', 'INC-', 'inc-7f3a-2q', 'INC-7F3A2Q!K']) {
      for (const verb of idOnlyVerbs) {
        const result = assertInvalid(channel(`${verb} ${bad}`), verb, /is not an incident id/, new RegExp(`Example: @IncidentBridge ${verb} ${ID}`));
        assert.match(result.hint, /INC- and 7 letters or digits/, bad);
      }
    }
  });

  test('a ServiceNow number (INC without hyphen) is not one of our ids', () => {
    assertInvalid(channel('status INC0012345'), 'status', /"INC0012345" is not one/);
  });

  test('two different ids are an error; the same id twice is one', () => {
    assertInvalid(channel(`status ${ID} ${OTHER_ID}`), 'status', /Two incident ids: INC-7F3A2QK and INC-AAAAAAA/);
    assert.deepEqual(channel(`status ${ID} inc-7f3a2qk`), { kind: 'status', incidentId: ID });
  });
});

describe('join', () => {
  test('join, rejoin, /join, JOIN: with and without an id', () => {
    for (const verb of ['join', 'rejoin', '/join', 'JOIN:', 'Join!']) {
      assert.deepEqual(channel(verb), { kind: 'join' }, verb);
      assert.deepEqual(channel(`${verb} ${ID}`), { kind: 'join', incidentId: ID }, verb);
    }
  });

  test('"the call", "the bridge", "the meeting" are filler', () => {
    assert.deepEqual(channel('join the call'), { kind: 'join' });
    assert.deepEqual(channel(`join the bridge ${ID}`), { kind: 'join', incidentId: ID });
    assert.deepEqual(channel(`rejoin ${ID} meeting`), { kind: 'join', incidentId: ID });
  });

  test('other words are an error with an example', () => {
    const result = assertInvalid(channel('join please'), 'join', /join takes only an incident id; "please" is not one/);
    assert.equal(result.hint,
      'Incident ids are INC- and 7 letters or digits, e.g. INC-7F3A2QK (the incident card shows it). '
      + 'Without an id I use the latest incident here. Example: @IncidentBridge join INC-7F3A2QK');
  });

  test('personal chat: the example has no bot mention', () => {
    assert.deepEqual(parse('join'), { kind: 'join' });
    assert.match(asInvalid(parse('join now')).hint, /Example: join INC-7F3A2QK$/);
  });

  test('punctuation after the bot mention, the verb glued to the mention', () => {
    assert.deepEqual(channel(': join'), { kind: 'join' });
    assert.deepEqual(parse(`${AT_BOT}join ${ID}`, [BOT]), { kind: 'join', incidentId: ID });
  });

  test('"call" is not an alias (it could as well mean paging someone)', () => {
    assert.equal(channel('call').kind, 'help');
  });
});

describe('leave', () => {
  test('leave, hangup, hang-up and "hang up", case-insensitive', () => {
    for (const verb of ['leave', 'hangup', 'hang-up', 'hang up', 'Hang Up', 'HANG UP.', 'leave:']) {
      assert.deepEqual(channel(verb), { kind: 'leave' }, verb);
      assert.deepEqual(channel(`${verb} ${ID}`), { kind: 'leave', incidentId: ID }, verb);
    }
  });

  test('filler and bare ids', () => {
    assert.deepEqual(channel('leave the call'), { kind: 'leave' });
    assert.deepEqual(channel('hang up the bridge 7f3a2qk'), { kind: 'leave', incidentId: ID });
  });

  test('"hang" alone is not a verb; "hang up" with junk reports "leave"', () => {
    assert.equal(channel('hang').kind, 'help');
    assertInvalid(channel('hang up now'), 'leave', /leave takes only an incident id; "now" is not one/, /Example: @IncidentBridge leave INC-7F3A2QK/);
  });
});

describe('page', () => {
  const asPage = (result: ParsedCommand): PageCommand => asKind('page', result);

  test('mentions and e-mail addresses, no id', () => {
    assert.deepEqual(channel(`page ${AT_MEGAN} ${AT_ADELE} patti@contoso.com`, MEGAN, ADELE), {
      kind: 'page',
      attendees: [megan, adele, email('patti@contoso.com')],
    });
  });

  test('the id right after the verb or at the end, with or without INC-', () => {
    for (const text of [`page ${ID} ${AT_MEGAN}`, `page ${AT_MEGAN} ${ID}`, `page 7f3a2qk ${AT_MEGAN}`, `page ${AT_MEGAN}, 7F3A2QK.`,
      `page ${ID}: ${AT_MEGAN}`, `page ${ID} ${AT_MEGAN} ${ID}`]) {
      assert.deepEqual(channel(text, MEGAN), { kind: 'page', attendees: [megan], incidentId: ID }, text);
    }
  });

  test('separators as in start: commas, semicolons, and, &, +, glued, a leading `with`', () => {
    const result = asPage(channel(
      `page with ${AT_MEGAN}, a@contoso.com;b@contoso.com and c@contoso.com &amp; d@contoso.com + ${AT_ADELE}.`, MEGAN, ADELE,
    ));
    assert.deepEqual(result.attendees,
      [megan, email('a@contoso.com'), email('b@contoso.com'), email('c@contoso.com'), email('d@contoso.com'), adele]);
    assert.equal(result.ignored, undefined);
  });

  test('address shapes: mailto:, <a href="mailto:">, &lt;addr&gt;, "Name <addr>", upper case', () => {
    const result = asPage(channel(
      'page mailto:a@contoso.com <a href="mailto:b@contoso.com">Bea</a> &lt;c@contoso.com&gt; Patti Fernandez &lt;Patti@Contoso.com&gt;',
    ));
    assert.deepEqual(result.attendees, [email('a@contoso.com'), email('b@contoso.com'), email('c@contoso.com'), email('patti@contoso.com')]);
    assert.equal(result.ignored, undefined);
  });

  test('duplicates are kept once; the bot is never paged', () => {
    const result = asPage(channel(`page ${AT_MEGAN} ${AT_BOT} a@contoso.com ${AT_MEGAN} A@contoso.com`, MEGAN, BOT, MEGAN));
    assert.deepEqual(result.attendees, [megan, email('a@contoso.com')]);
  });

  test('words that are no person are ignored, also before the first person', () => {
    const result = asPage(channel(`page ${ID} please ${AT_MEGAN}, bob and the DBA team`, MEGAN));
    assert.deepEqual(result, { kind: 'page', attendees: [megan], incidentId: ID, ignored: ['please', 'bob', 'the DBA team'] });
    assert.deepEqual(asPage(channel(`page <at>Ghost</at> ${AT_MEGAN}`, MEGAN)).ignored, ['Ghost']);
  });

  test('a phone-like number at the end is not an id', () => {
    const result = asPage(channel(`page ${AT_MEGAN} 5551234`, MEGAN));
    assert.equal(result.incidentId, undefined);
    assert.deepEqual(result.ignored, ['5551234']);
  });

  test('ring is an alias', () => {
    assert.deepEqual(channel(`ring ${AT_MEGAN}`, MEGAN), { kind: 'page', attendees: [megan] });
  });

  test('nobody to page → invalid with an example', () => {
    for (const text of ['page', `page ${ID}`, `page ${AT_BOT}`, 'page - ']) {
      assertInvalid(channel(text), 'page', /^Whom should I page\?$/, /Example: @IncidentBridge page @Megan Bowen patti@contoso.com$/);
    }
    assertInvalid(channel('page the DBA team'), 'page', /no @mention or e-mail address to page in "the DBA team"/);
    assertInvalid(channel('page <at>Ghost User</at>'), 'page', /"Ghost User"/);
    assert.equal(asInvalid(parse('page')).hint, '@mention people or give their e-mail addresses. Example: page @Megan Bowen patti@contoso.com');
  });

  test('an id in the middle, a malformed id, two ids → invalid', () => {
    assertInvalid(channel(`page ${AT_MEGAN} ${ID} ${AT_ADELE}`, MEGAN, ADELE), 'page', /right after page or at the end/);
    assertInvalid(channel(`page ${AT_MEGAN} INC-42`, MEGAN), 'page', /"INC-42" is not an incident id/);
    assertInvalid(channel(`page INC-42 ${AT_MEGAN}`, MEGAN), 'page', /"INC-42" is not an incident id/);
    assertInvalid(channel(`page ${ID} ${AT_MEGAN} ${OTHER_ID}`, MEGAN), 'page', /Two incident ids/);
  });
});

describe('list', () => {
  test('list, also with filler words', () => {
    for (const text of ['list', 'LIST.', '/list', 'list incidents', 'list open incidents', 'list active']) {
      assert.deepEqual(channel(text), { kind: 'list' }, text);
    }
  });

  test('an id points to status; other words are an error', () => {
    const withId = assertInvalid(channel(`list ${ID}`), 'list', /takes no incident id/, /For one incident: @IncidentBridge status INC-7F3A2QK/);
    assert.doesNotMatch(withId.hint, /Example/);
    assertInvalid(channel('list resolved ones'), 'list', /list takes no arguments; I did not understand "resolved ones"/, /Example: @IncidentBridge list/);
  });
});

describe('status, reopen, export', () => {
  test('with and without an id', () => {
    for (const verb of ['status', 'reopen', 'export'] as const) {
      assert.deepEqual(channel(verb), { kind: verb });
      assert.deepEqual(channel(`${verb} ${ID}`), { kind: verb, incidentId: ID });
      assert.deepEqual(channel(`${verb}: ${ID}.`), { kind: verb, incidentId: ID });
    }
  });

  test('re-open is an alias of reopen', () => {
    assert.deepEqual(channel(`re-open ${ID}`), { kind: 'reopen', incidentId: ID });
  });

  test('other words are an error naming the verb, with an example', () => {
    for (const verb of ['status', 'reopen', 'export']) {
      assertInvalid(channel(`${verb} of the outage`), verb, new RegExp(`${verb} takes only an incident id; "of the outage" is not one`),
        new RegExp(`Example: @IncidentBridge ${verb} INC-7F3A2QK$`));
    }
    assertInvalid(channel('export INC-7F3A2QK as markdown'), 'export', /"as markdown" is not one/);
  });
});

describe('commander', () => {
  const asCommander = (result: ParsedCommand): CommanderCommand => asKind('commander', result);

  test('me, myself', () => {
    for (const text of ['commander me', 'commander Me.', 'commander myself', 'commander: me']) {
      assert.deepEqual(channel(text), { kind: 'commander', person: { kind: 'me' } }, text);
    }
  });

  test('an @mention or an e-mail address', () => {
    assert.deepEqual(channel(`commander ${AT_MEGAN}`, MEGAN), { kind: 'commander', person: megan });
    assert.deepEqual(channel('commander Patti@Contoso.com'), { kind: 'commander', person: email('patti@contoso.com') });
    assert.deepEqual(channel('commander &lt;patti@contoso.com&gt;'), { kind: 'commander', person: email('patti@contoso.com') });
  });

  test('a shortened mention names the entity', () => {
    const short = mention('29:megan', 'Megan Bowen', '<at>Megan</at>');
    assert.deepEqual(asCommander(channel('commander <at>Megan</at>', short)).person, megan);
  });

  test('the id first or last, with or without INC-', () => {
    for (const text of [`commander ${ID} me`, `commander me ${ID}`, 'commander me 7f3a2qk', `commander 7F3A2QK ${AT_MEGAN}`, `commander ${AT_MEGAN}, ${ID}.`]) {
      const result = asCommander(channel(text, MEGAN));
      assert.equal(result.incidentId, ID, text);
    }
  });

  test('ic is an alias', () => {
    assert.deepEqual(channel(`ic ${AT_MEGAN}`, MEGAN), { kind: 'commander', person: megan });
  });

  test('the same person twice is one person', () => {
    assert.deepEqual(channel(`commander ${AT_MEGAN} ${AT_MEGAN}`, MEGAN, MEGAN), { kind: 'commander', person: megan });
  });

  test('two people → invalid', () => {
    const hint = /^Name one person: @IncidentBridge commander @Megan Bowen, or @IncidentBridge commander me\.$/;
    assertInvalid(channel(`commander ${AT_MEGAN} ${AT_ADELE}`, MEGAN, ADELE), 'commander', /one commander; you named Megan Bowen, Adele Vance/, hint);
    assertInvalid(channel(`commander me and ${AT_MEGAN}`, MEGAN), 'commander', /you named me, Megan Bowen/, hint);
    assertInvalid(channel('commander a@contoso.com,b@contoso.com'), 'commander', /a@contoso.com, b@contoso.com/, hint);
  });

  test('nobody, only the bot, words, an unmatched mention → invalid', () => {
    const hint = /Name one person: @IncidentBridge commander @Megan Bowen/;
    assertInvalid(channel('commander'), 'commander', /Who is the incident commander\?/, hint);
    assertInvalid(channel(`commander ${ID}`), 'commander', /Who is the incident commander\?/, hint);
    assertInvalid(channel(`commander ${AT_BOT}`), 'commander', /Who is the incident commander\?/, hint);
    assertInvalid(channel('commander bob'), 'commander', /could not read "bob" as a person/);
    assertInvalid(channel(`commander ${AT_MEGAN} please`, MEGAN), 'commander', /"please"/);
    assertInvalid(channel('commander <at>Ghost User</at>'), 'commander', /"Ghost User"/);
    assertInvalid(channel('commander INC-42 me'), 'commander', /"INC-42" is not an incident id/);
  });
});

describe('severity as a verb', () => {
  test('sev1..sev4 with and without an id', () => {
    for (const level of [1, 2, 3, 4]) {
      assert.deepEqual(channel(`sev${level}`), { kind: 'severity', severity: `sev${level}` });
      assert.deepEqual(channel(`sev${level} ${ID}`), { kind: 'severity', severity: `sev${level}`, incidentId: ID });
      assert.deepEqual(channel(`sev${level} 7f3a2qk`), { kind: 'severity', severity: `sev${level}`, incidentId: ID });
    }
  });

  test('every spelling start accepts', () => {
    for (const typed of ['SEV2', 'Sev2', 'sev 2', 'SEV 2', 'sev-2', 'sev_2', '[SEV2]', 'sev2:', 'sev2,']) {
      assert.deepEqual(channel(`${typed} ${ID}`), { kind: 'severity', severity: 'sev2', incidentId: ID }, typed);
      assert.deepEqual(channel(typed), { kind: 'severity', severity: 'sev2' }, typed);
    }
  });

  test('`severity <sev>`, also a bare digit, the id before or after', () => {
    const cases: [string, ParsedCommand][] = [
      ['severity sev2', { kind: 'severity', severity: 'sev2' }],
      ['severity 2', { kind: 'severity', severity: 'sev2' }],
      ['Severity: SEV 3', { kind: 'severity', severity: 'sev3' }],
      [`severity sev1 ${ID}`, { kind: 'severity', severity: 'sev1', incidentId: ID }],
      [`severity ${ID} sev1`, { kind: 'severity', severity: 'sev1', incidentId: ID }],
      ['severity 7f3a2qk 4', { kind: 'severity', severity: 'sev4', incidentId: ID }],
      [`severity ${ID} sev1 ${ID}`, { kind: 'severity', severity: 'sev1', incidentId: ID }],
    ];
    for (const [text, expected] of cases) assert.deepEqual(channel(text), expected, text);
  });

  test('out-of-range severities → invalid', () => {
    for (const text of ['sev0', 'sev5', `SEV 7 ${ID}`, 'severity sev5', 'severity 9', 'severity 0']) {
      assertInvalid(channel(text), 'severity', /is not a severity: use sev1, sev2, sev3 or sev4/, /Example: @IncidentBridge sev2 INC-7F3A2QK$/);
    }
  });

  test('`severity` without a severity, or with extra words → invalid', () => {
    assertInvalid(channel('severity'), 'severity', /Which severity\?/);
    assertInvalid(channel('severity high'), 'severity', /Which severity\?/);
    assertInvalid(channel(`severity ${ID}`), 'severity', /Which severity\?/);
    assertInvalid(channel('severity sev2 please'), 'severity', /"please" is not one/);
    assertInvalid(channel(`severity ${ID} sev1 ${OTHER_ID}`), 'severity', /Two incident ids/);
  });

  test('a bare severity followed by anything but an id is not a command (someone forgot `start`)', () => {
    assert.deepEqual(channel('sev2 DB down'), { kind: 'help', reason: 'unrecognised', text: 'sev2 DB down' });
    assert.equal(channel(`sev1 ${ID} now`).kind, 'help');
    assert.equal(channel('sev5 DB down').kind, 'help');
    assert.equal(channel('sev outage').kind, 'help');
  });

  test('a bare severity followed by a malformed id → invalid', () => {
    assertInvalid(channel('sev2 INC-42'), 'severity', /"INC-42" is not an incident id/);
  });

  test('start keeps its own severity', () => {
    const result = asStart(channel(`start sev2 DB down ${ID}`));
    assert.equal(result.severity, 'sev2');
    assert.equal(result.title, `DB down ${ID}`);
  });
});

describe('note', () => {
  const asNote = (result: ParsedCommand): NoteCommand => asKind('note', result);

  test('text as typed: punctuation, quotes and case kept', () => {
    assert.deepEqual(channel('note Rolled back deploy 2024.11.3 — "hotfix" didn\'t help...'), {
      kind: 'note', text: 'Rolled back deploy 2024.11.3 — "hotfix" didn\'t help...',
    });
  });

  test('punctuation that is not a lone separator is kept, also at the end', () => {
    assert.deepEqual(channel('note it works again :)'), { kind: 'note', text: 'it works again :)' });
    assert.deepEqual(channel('note ... then it broke !'), { kind: 'note', text: '... then it broke !' });
    assert.deepEqual(channel('note -> failover done'), { kind: 'note', text: '-> failover done' });
    assert.deepEqual(channel(`note ${ID} :-) ok`), { kind: 'note', text: ':-) ok', incidentId: ID });
  });

  test('an id first, prefixed only; lone separators around it are dropped', () => {
    for (const text of [`note ${ID} Rolled back`, `note ${ID}: Rolled back`, `note inc-7f3a2qk - Rolled back`, `note: ${ID} Rolled back`,
      `note - ${ID} — Rolled back`]) {
      assert.deepEqual(channel(text), { kind: 'note', text: 'Rolled back', incidentId: ID }, text);
    }
  });

  test('no bare ids and no trailing ids: they are text', () => {
    assert.deepEqual(channel('note 7F3A2QK deployed'), { kind: 'note', text: '7F3A2QK deployed' });
    assert.deepEqual(channel('note 2X500MS spikes'), { kind: 'note', text: '2X500MS spikes' });
    assert.deepEqual(channel(`note see also ${OTHER_ID}`), { kind: 'note', text: `see also ${OTHER_ID}` });
    assert.deepEqual(channel('note INC0012345 opened in ServiceNow'), { kind: 'note', text: 'INC0012345 opened in ServiceNow' });
  });

  test('HTML entities decoded once, mentions read as shown, the bot mention removed', () => {
    const short = mention('29:megan', 'Megan Bowen', '<at>Megan</at>');
    const result = asNote(channel(
      `note DB &amp; cache: latency &gt; 2s, &quot;fixed&quot; by <at>Megan</at> ${AT_BOT} R&amp;amp;D`, short,
    ));
    assert.equal(result.text, 'DB & cache: latency > 2s, "fixed" by Megan R&amp;D');
    assert.equal(asNote(channel(`note ${AT_ADELE}'s change reverted`, ADELE)).text, "Adele Vance's change reverted");
  });

  test('whitespace folds: spaces, tabs, newlines, nbsp, <br>, <p>', () => {
    assert.equal(asNote(channel('note  Step 1\tdone\n\nStep&nbsp;2 <br>pending<p>Step 3</p>  ')).text, 'Step 1 done Step 2 pending Step 3');
  });

  test('text is required → invalid with an example', () => {
    for (const text of ['note', `note ${ID}`, `note ${ID} -`, 'note :', `note ${AT_BOT}`]) {
      assertInvalid(channel(text), 'note', /^The note needs some text\.$/, /^Example: @IncidentBridge note Rolled back deploy 2024\.11\.3$/);
    }
  });

  test('a malformed id first → invalid', () => {
    assertInvalid(channel('note INC-12 foo'), 'note', /"INC-12" is not an incident id/);
  });

  test('at most 2000 characters', () => {
    assert.equal(asNote(channel(`note ${'a'.repeat(2000)}`)).text.length, 2000);
    assertInvalid(channel(`note ${'a'.repeat(1000)} ${'b'.repeat(1000)}`), 'note', /2001 characters/, /Split it/);
  });
});

describe('resolve', () => {
  const asResolve = (result: ParsedCommand): ResolveCommand => asKind('resolve', result);

  test('without id and summary', () => {
    assert.deepEqual(channel('resolve'), { kind: 'resolve' });
    assert.deepEqual(channel('resolved.'), { kind: 'resolve' });
  });

  test('with an id, with a summary, with both', () => {
    assert.deepEqual(channel(`resolve ${ID}`), { kind: 'resolve', incidentId: ID });
    assert.deepEqual(channel('resolve Bad config pushed to EU; reverted.'), { kind: 'resolve', summary: 'Bad config pushed to EU; reverted.' });
    assert.deepEqual(channel(`resolve ${ID} Bad config pushed to EU; reverted`),
      { kind: 'resolve', incidentId: ID, summary: 'Bad config pushed to EU; reverted' });
    assert.deepEqual(channel(`resolved inc-7f3a2qk: rolled back`), { kind: 'resolve', incidentId: ID, summary: 'rolled back' });
    assert.deepEqual(channel('resolve fixed, finally !'), { kind: 'resolve', summary: 'fixed, finally !' });
    assert.deepEqual(channel(`resolve ${ID} -`), { kind: 'resolve', incidentId: ID });
  });

  test('the summary is kept as typed (entities, mentions, whitespace)', () => {
    assert.equal(asResolve(channel(`resolve ${ID}  Fixed by ${AT_MEGAN} &amp; team\n(see &lt;runbook&gt;)`, MEGAN)).summary,
      'Fixed by Megan Bowen & team (see <runbook>)');
  });

  test('bare ids are summary text', () => {
    assert.deepEqual(channel('resolve 7F3A2QK rollback done'), { kind: 'resolve', summary: '7F3A2QK rollback done' });
  });

  test('an id only at the end is ambiguous → invalid; after an id first it is summary text', () => {
    assertInvalid(channel(`resolve dup of ${OTHER_ID} .`), 'resolve', /ends with INC-AAAAAAA/, /Put the id right after resolve/);
    const result = assertInvalid(channel(`resolve duplicate of ${OTHER_ID}`), 'resolve', /ends with INC-AAAAAAA: is that the incident to resolve\?/,
      /Put the id right after resolve: @IncidentBridge resolve INC-AAAAAAA <summary>/);
    assert.equal(result.command, 'resolve');
    assert.deepEqual(channel(`resolve ${ID} duplicate of ${OTHER_ID}`),
      { kind: 'resolve', incidentId: ID, summary: `duplicate of ${OTHER_ID}` });
    assert.deepEqual(channel(`resolve dup of ${OTHER_ID}, closing`), { kind: 'resolve', summary: `dup of ${OTHER_ID}, closing` });
  });

  test('a malformed id first → invalid; summary length is bounded', () => {
    assertInvalid(channel('resolve INC-42 fixed'), 'resolve', /"INC-42" is not an incident id/);
    assertInvalid(channel(`resolve ${'a'.repeat(1000)} ${'b'.repeat(1000)}`), 'resolve', /2001 characters/, /Shorten it/);
  });
});

describe('start: meeting flags', () => {
  test('no flags → no calendar, no options', () => {
    assert.deepEqual(channel('start sev2 DB down'), {
      kind: 'start', severity: 'sev2', severityExplicit: true, title: 'DB down', attendees: [], schedule: {},
    });
  });

  test('all flags together, mixed with at/for/with, in any place after the verb', () => {
    const result = channel(
      `start sev1 +record DB down +calendar at 15:00 +lobby:Organization for 1h with ${AT_MEGAN} +presenters:roleispresenter patti@contoso.com`,
      MEGAN,
    );
    assert.deepEqual(result, {
      kind: 'start',
      severity: 'sev1',
      severityExplicit: true,
      title: 'DB down',
      attendees: [megan, email('patti@contoso.com')],
      schedule: { startAt: { kind: 'clock', hour: 15, minute: 0 }, durationMinutes: 60 },
      calendar: true,
      options: { recordAutomatically: true, lobbyBypass: 'organization', allowedPresenters: 'roleIsPresenter' },
    });
  });

  test('a flag before the severity', () => {
    const result = asStart(channel('start +calendar sev1 DB down'));
    assert.equal(result.severity, 'sev1');
    assert.equal(result.title, 'DB down');
    assert.equal(result.calendar, true);
  });

  test('calendar and record spellings', () => {
    const cases: [string, Pick<StartCommand, 'calendar' | 'options'>][] = [
      ['+calendar', { calendar: true }], ['--calendar', { calendar: true }], ['\u2014calendar', { calendar: true }],
      ['+Calendar.', { calendar: true }], ['-calendar', { calendar: false }], ['+nocalendar', { calendar: false }],
      ['--no-calendar', { calendar: false }],
      ['+record', { options: { recordAutomatically: true } }], ['--record', { options: { recordAutomatically: true } }],
      ['-record', { options: { recordAutomatically: false } }], ['+norecord', { options: { recordAutomatically: false } }],
      ['+no-record', { options: { recordAutomatically: false } }], ['--no-record,', { options: { recordAutomatically: false } }],
    ];
    for (const [flag, expected] of cases) {
      const result = asStart(channel(`start DB down ${flag}`));
      assert.equal(result.title, 'DB down', flag);
      assert.deepEqual({ calendar: result.calendar, options: result.options }, { calendar: undefined, options: undefined, ...expected }, flag);
    }
  });

  test('every lobby scope, case-insensitive, `:` or `=`', () => {
    for (const scope of ['organizer', 'organization', 'organizationAndFederated', 'everyone', 'invited', 'organizationExcludingGuests'] as const) {
      for (const typed of [`+lobby:${scope}`, `+LOBBY:${scope.toUpperCase()}`, `--lobby=${scope.toLowerCase()}`]) {
        assert.deepEqual(asStart(channel(`start DB down ${typed}`)).options, { lobbyBypass: scope }, typed);
      }
    }
  });

  test('every presenters value, case-insensitive', () => {
    for (const who of ['everyone', 'organization', 'roleIsPresenter', 'organizer'] as const) {
      for (const typed of [`+presenters:${who}`, `+presenter:${who.toLowerCase()}`, `--presenters=${who.toUpperCase()}`]) {
        assert.deepEqual(asStart(channel(`start DB down ${typed}`)).options, { allowedPresenters: who }, typed);
      }
    }
  });

  test('the same flag twice with the same value is fine', () => {
    assert.deepEqual(asStart(channel('start DB down +record --record')).options, { recordAutomatically: true });
  });

  test('unknown flags → invalid, the hint lists the flags', () => {
    for (const flag of ['+foo', '+recrod', '--calender', '+EU', '+lobby-open']) {
      const result = asInvalid(channel(`start sev2 DB down ${flag} with ${AT_MEGAN}`, MEGAN));
      assert.equal(result.code, 'COMMAND_INVALID', flag);
      assert.equal(result.command, 'start');
      assert.match(result.message, /is not a flag I know/, flag);
      assert.match(result.hint, /\+calendar, \+record or -record, \+lobby:<organizer\|organization\|/, flag);
      assert.match(result.hint, /\+presenters:<everyone\|organization\|roleIsPresenter\|organizer>/, flag);
    }
  });

  test('missing or wrong values, values on switches, contradictions → invalid', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['+lobby', /\+lobby needs a value/, /\+lobby:organizationExcludingGuests/],
      ['+lobby:', /\+lobby needs a value/, /\+lobby:everyone/],
      ['+lobby:nobody', /"nobody" is not a lobby setting/, /\+lobby:invited/],
      ['+presenters', /\+presenters needs a value/, /\+presenters:roleIsPresenter/],
      ['+presenters:me', /"me" is not a presenters setting/, /\+presenters:organizer/],
      ['+record:yes', /\+record takes no value/, /Flags:/],
      ['+record -record', /"-record" contradicts an earlier flag/, /Give each setting once/],
      ['+lobby:everyone +lobby:invited', /contradicts/, /Flags:/],
    ];
    for (const [flags, message, hint] of cases) {
      const result = asInvalid(channel(`start DB down ${flags}`));
      assert.match(result.message, message, flags);
      assert.match(result.hint, hint, flags);
    }
  });

  test('look-alikes are title words: +5%, +1, a lone +, C++, -ish; quoted flags too', () => {
    assert.equal(asStart(channel('start Error rate +5% on +1 hosts')).title, 'Error rate +5% on +1 hosts');
    assert.equal(asStart(channel('start C++ build -ish broken')).title, 'C++ build -ish broken');
    const quoted = asStart(channel('start "Fix +record and +foo buttons" +record'));
    assert.equal(quoted.title, 'Fix +record and +foo buttons');
    assert.deepEqual(quoted.options, { recordAutomatically: true });
    const list = asStart(channel(`start DB down with ${AT_MEGAN} + ${AT_ADELE}`, MEGAN, ADELE));
    assert.deepEqual(list.attendees, [megan, adele]);
    assert.equal(list.options, undefined);
  });

  test('flags do not count as a title', () => {
    const result = asInvalid(channel('start sev2 +calendar +record'));
    assert.equal(result.code, 'TITLE_MISSING');
  });
});

describe('verbs: every alias', () => {
  test('each alias reaches its command', () => {
    const cases: [string, ParsedCommand['kind']][] = [
      ['join', 'join'], ['rejoin', 'join'], ['leave', 'leave'], ['hangup', 'leave'], ['hang-up', 'leave'], ['hang up', 'leave'],
      [`page ${AT_MEGAN}`, 'page'], [`ring ${AT_MEGAN}`, 'page'], ['list', 'list'], ['status', 'status'],
      ['commander me', 'commander'], ['ic me', 'commander'], ['sev1', 'severity'], ['severity 1', 'severity'],
      ['note x', 'note'], ['resolve', 'resolve'], ['resolved', 'resolve'], ['reopen', 'reopen'], ['re-open', 'reopen'],
      ['export', 'export'], ['start x', 'start'], ['help', 'help'],
    ];
    for (const [text, kind] of cases) assert.equal(channel(text, MEGAN).kind, kind, text);
  });
});

describe('command catalog', () => {
  /** Turns "@First Last" in an example into the mention markup Teams would send. */
  function asTeamsMessage(example: string): { text: string; mentions: MentionEntity[] } {
    const mentions: MentionEntity[] = [BOT];
    const text = example.replace(/@([A-Z][a-z]+ [A-Z][a-z]+)/g, (_whole, name: string) => {
      mentions.push(mention(`29:${name.toLowerCase().replace(' ', '-')}`, name));
      return `<at>${name}</at>`;
    });
    return { text: `${AT_BOT} ${text}`, mentions };
  }

  const KIND_OF: Readonly<Record<string, ParsedCommand['kind']>> = {
    start: 'start', help: 'help', status: 'status', list: 'list', page: 'page', join: 'join', leave: 'leave',
    commander: 'commander', sev1: 'severity', note: 'note', resolve: 'resolve', reopen: 'reopen', export: 'export', alerts: 'alerts',
  };

  test('every example parses to its command, with nothing ignored', () => {
    for (const entry of COMMAND_CATALOG) {
      const { text, mentions } = asTeamsMessage(entry.example);
      const result = parse(text, mentions);
      assert.equal(result.kind, KIND_OF[entry.name], `${entry.name}: ${JSON.stringify(result)}`);
      assert.equal((result as { ignored?: unknown }).ignored, undefined, entry.name);
      assert.equal(parse(entry.example.split(' ')[0] ?? '').kind === 'help' && entry.name !== 'help', false,
        `${entry.name}: the first word is a verb`);
    }
  });

  test('every command in the catalog is available (a handler exists for each)', () => {
    const available = COMMAND_CATALOG.filter((c) => c.available).map((c) => c.name);
    assert.deepEqual(available, ['start', 'help', 'status', 'list', 'page', 'join', 'leave', 'commander', 'sev1', 'note', 'resolve', 'reopen', 'export', 'alerts']);
  });

  test('names and descriptions fit the manifest', () => {
    for (const entry of COMMAND_CATALOG) {
      assert.ok(entry.name.length <= 32, entry.name);
      assert.ok(entry.description.length <= 128, `${entry.name}: ${entry.description.length}`);
    }
  });
});
