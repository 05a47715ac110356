import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvalidCommand, MentionEntity } from '../../src/commands/command';
import type { ParsedCommand } from '../../src/commands/registry';
import type { StartCommand } from '../../src/commands/start';
import { parseCommand } from '../../src/commands/parse-command';
import { BOT_ID, BOT, mention, MEGAN, ADELE, AT_BOT, AT_MEGAN, AT_ADELE, megan, adele, email } from '../support/parser-fixtures';



function parse(text: string, mentions: readonly MentionEntity[] = [], botId = BOT_ID): ParsedCommand {
  return parseCommand({ text, mentions, botId });
}

/** Parses a channel message "@IncidentBridge <text>" whose other mentions are `others`. */
function channel(text: string, ...others: MentionEntity[]): ParsedCommand {
  return parse(`${AT_BOT} ${text}\n`, [BOT, ...others]);
}

function asStart(result: ParsedCommand): StartCommand {
  assert.equal(result.kind, 'start', `expected a start command, got ${JSON.stringify(result)}`);
  return result as StartCommand;
}

function asInvalid(result: ParsedCommand): InvalidCommand {
  assert.equal(result.kind, 'invalid', `expected an invalid command, got ${JSON.stringify(result)}`);
  return result as InvalidCommand;
}

const titleOf = (text: string, ...others: MentionEntity[]): string => asStart(channel(text, ...others)).title;

describe('parseCommand: the example from the issue', () => {
  test('severity, title, two mentions and an address', () => {
    const result = parse(
      `${AT_BOT} start sev2 Checkout API returning 500s with ${AT_MEGAN} ${AT_ADELE} patti@contoso.com\n`,
      [BOT, MEGAN, ADELE],
    );
    assert.deepEqual(result, {
      kind: 'start',
      severity: 'sev2',
      severityExplicit: true,
      title: 'Checkout API returning 500s',
      attendees: [megan, adele, email('patti@contoso.com')],
      schedule: {},
    });
  });

  test('Teams framing: leading \\r\\n and trailing \\n', () => {
    const result = parse(`\r\n${AT_BOT} start sev2 Checkout down\r\n`, [BOT]);
    assert.equal(asStart(result).title, 'Checkout down');
  });
});

describe('parseCommand: verbs and help', () => {
  test('a bare @mention is help (empty)', () => {
    assert.deepEqual(parse(AT_BOT, [BOT]), { kind: 'help', reason: 'empty' });
    assert.deepEqual(parse(`\r\n${AT_BOT}&nbsp;\r\n`, [BOT]), { kind: 'help', reason: 'empty' });
    assert.deepEqual(parse(`${AT_BOT} : `, [BOT]), { kind: 'help', reason: 'empty' });
  });

  test('empty text (personal chat) is help (empty)', () => {
    assert.deepEqual(parse('', []), { kind: 'help', reason: 'empty' });
    assert.deepEqual(parse('  \n ', []), { kind: 'help', reason: 'empty' });
  });

  test('help, HELP, ? and /help are help (asked)', () => {
    for (const text of ['help', 'HELP', '?', 'Help!', '/help', '??']) {
      assert.deepEqual(channel(text), { kind: 'help', reason: 'asked' }, text);
    }
  });

  test('help with a topic keeps the topic', () => {
    assert.deepEqual(channel('help start'), { kind: 'help', reason: 'asked', text: 'start' });
  });

  test('unrecognised text is help with the text', () => {
    assert.deepEqual(channel('hello there'), { kind: 'help', reason: 'unrecognised', text: 'hello there' });
  });

  test('unrecognised text shows mentions by display name and is truncated', () => {
    assert.deepEqual(channel(`ping ${AT_MEGAN}`, MEGAN), { kind: 'help', reason: 'unrecognised', text: 'ping Megan Bowen' });
    const long = channel(`x ${'y'.repeat(300)}`);
    assert.equal(long.kind, 'help');
    assert.equal((long as { text?: string }).text?.length, 200);
  });

  test('a severity without a verb is not a command', () => {
    assert.equal(channel('sev2 DB down').kind, 'help');
  });

  test('start, incident and bridge are the same command, keywords are case-insensitive', () => {
    for (const verb of ['start', 'START', 'Incident', 'bridge', '/start', 'start:']) {
      const result = asStart(channel(`${verb} SEV1 DB down`));
      assert.equal(result.severity, 'sev1', verb);
      assert.equal(result.title, 'DB down', verb);
    }
  });

  test('personal chat: no mention at all', () => {
    const result = asStart(parse('start sev1 Payments failing', []));
    assert.equal(result.title, 'Payments failing');
    assert.equal(result.severity, 'sev1');
  });

  test('punctuation after the bot mention is skipped', () => {
    assert.equal(asStart(channel(': start DB down')).title, 'DB down');
    assert.equal(asStart(parse(`${AT_BOT}, start DB down`, [BOT])).title, 'DB down');
  });

  test('the bot mention glued to the verb', () => {
    assert.equal(asStart(parse(`${AT_BOT}start DB down`, [BOT])).title, 'DB down');
  });
});

describe('parseCommand: severity', () => {
  test('default is sev3, not explicit', () => {
    const result = asStart(channel('start DB down'));
    assert.equal(result.severity, 'sev3');
    assert.equal(result.severityExplicit, false);
  });

  test('accepted spellings', () => {
    const cases: [string, string][] = [
      ['sev1', 'sev1'], ['SEV2', 'sev2'], ['Sev3', 'sev3'], ['sev 4', 'sev4'], ['SEV 1', 'sev1'],
      ['sev-2', 'sev2'], ['sev_3', 'sev3'], ['[SEV2]', 'sev2'], ['sev2:', 'sev2'], ['sev1,', 'sev1'],
    ];
    for (const [typed, severity] of cases) {
      const result = asStart(channel(`start ${typed} DB down`));
      assert.equal(result.severity, severity, typed);
      assert.equal(result.severityExplicit, true, typed);
      assert.equal(result.title, 'DB down', typed);
    }
  });

  test('sev0, sev5 and "sev 7" are rejected', () => {
    for (const typed of ['sev0', 'sev5', 'SEV 7', 'sev-12']) {
      const result = asInvalid(channel(`start ${typed} DB down`));
      assert.equal(result.code, 'COMMAND_INVALID', typed);
      assert.equal(result.command, 'start');
      assert.match(result.message, /sev1, sev2, sev3 or sev4/);
    }
  });

  test('other priority words stay in the title', () => {
    assert.equal(titleOf('start p1 Checkout down'), 'p1 Checkout down');
    assert.equal(titleOf('start Severed fibre in DC2'), 'Severed fibre in DC2');
    assert.equal(titleOf('start sev outage in EU'), 'sev outage in EU');
  });

  test('severity is only read right after the verb', () => {
    const result = asStart(channel('start DB down sev1'));
    assert.equal(result.severity, 'sev3');
    assert.equal(result.title, 'DB down sev1');
  });
});

describe('parseCommand: title', () => {
  test('without `with` the rest is the title', () => {
    const result = asStart(channel('start sev2 Checkout API returning 500s'));
    assert.equal(result.title, 'Checkout API returning 500s');
    assert.deepEqual(result.attendees, []);
    assert.equal(result.ignored, undefined);
  });

  test('whitespace is collapsed: multiple spaces, tabs, newlines, nbsp', () => {
    assert.equal(titleOf('start   sev2   Checkout \t  API\n\nreturning&nbsp;500s  '), 'Checkout API returning 500s');
    assert.equal(titleOf(`start sev2\nCheckout down\nwith ${AT_MEGAN}`, MEGAN), 'Checkout down');
  });

  test('newline-separated message', () => {
    const result = asStart(parse(`${AT_BOT}\nstart\nsev1\nDB down\nwith\n${AT_MEGAN}\n`, [BOT, MEGAN]));
    assert.equal(result.title, 'DB down');
    assert.equal(result.severity, 'sev1');
    assert.deepEqual(result.attendees, [megan]);
  });

  test('trailing . , : ; - … are trimmed, ! and ? kept', () => {
    assert.equal(titleOf('start DB down.'), 'DB down');
    assert.equal(titleOf('start DB down...'), 'DB down');
    assert.equal(titleOf('start DB down,'), 'DB down');
    assert.equal(titleOf('start DB down:'), 'DB down');
    assert.equal(titleOf('start DB down ;'), 'DB down');
    assert.equal(titleOf('start DB down -'), 'DB down');
    assert.equal(titleOf('start DB down…'), 'DB down');
    assert.equal(titleOf('start DB down!'), 'DB down!');
    assert.equal(titleOf('start Is DB down?'), 'Is DB down?');
    assert.equal(titleOf(`start DB down. with ${AT_MEGAN}`, MEGAN), 'DB down');
  });

  test('leading separators after the severity are trimmed, inner punctuation kept', () => {
    assert.equal(titleOf('start sev2: DB down'), 'DB down');
    assert.equal(titleOf('start sev2 - DB down'), 'DB down');
    assert.equal(titleOf('start sev2 — DB down'), 'DB down');
    assert.equal(titleOf('start .NET build broken'), '.NET build broken');
    assert.equal(titleOf('start v2.3 rollout: errors'), 'v2.3 rollout: errors');
  });

  test('HTML entities are decoded once', () => {
    assert.equal(titleOf('start DB &amp; cache down'), 'DB & cache down');
    assert.equal(titleOf('start Can&#39;t log in'), "Can't log in");
    assert.equal(titleOf('start Can&#x27;t log in'), "Can't log in");
    assert.equal(titleOf('start Latency &gt; 2s &lt;EU&gt;'), 'Latency > 2s <EU>');
    assert.equal(titleOf('start &quot;Pay&quot; button broken'), '"Pay" button broken');
    assert.equal(titleOf('start R&amp;amp;D wiki down'), 'R&amp;D wiki down');
    // Every named reference of HTML (the `entities` package), not a short list; no-semicolon forms stay as typed.
    assert.equal(titleOf('start Caf&eacute; card reader &ndash; na&iuml;ve retry &euro;5'), 'Café card reader – naïve retry €5');
    assert.equal(titleOf('start AT&T &notify hooks down'), 'AT&T &notify hooks down');
    assert.equal(titleOf('start Unknown &foo; entity'), 'Unknown &foo; entity');
  });

  test('HTML fragments from channels: <p>, <div>, <br>, inline tags', () => {
    const result = asStart(parse(
      `<div><p>${AT_BOT} start sev2 <strong>Checkout</strong> down</p><p>with ${AT_MEGAN}</p></div>`,
      [BOT, MEGAN],
    ));
    assert.equal(result.title, 'Checkout down');
    assert.deepEqual(result.attendees, [megan]);
    assert.equal(titleOf('start DB<br>down<br/>again'), 'DB down again');
  });

  test('text that merely looks like a tag is kept', () => {
    assert.equal(titleOf('start Error in <data> pipeline'), 'Error in <data> pipeline');
  });

  test('zero-width characters are dropped', () => {
    assert.equal(titleOf('start\u200b DB\u200b down'), 'DB down');
  });

  test('a link keeps its label', () => {
    assert.equal(titleOf('start <a href="https://status.contoso.com">Status page</a> down'), 'Status page down');
  });

  test('`with` that is not followed by a mention or address stays in the title', () => {
    assert.equal(titleOf('start Problems with checkout'), 'Problems with checkout');
    assert.equal(titleOf(`start Problems with checkout with ${AT_MEGAN}`, MEGAN), 'Problems with checkout');
    assert.equal(titleOf('start DB down with'), 'DB down with');
  });

  test('`at` and `for` that are not a time or duration stay in the title', () => {
    assert.equal(titleOf('start Outage at checkout'), 'Outage at checkout');
    assert.equal(titleOf('start Refunds failing for 3 customers'), 'Refunds failing for 3 customers');
    assert.equal(titleOf('start Outage at 15:00 site'), 'Outage at 15:00 site');
    assert.equal(titleOf('start Errors for EU at checkout'), 'Errors for EU at checkout');
  });

  test('a mention in the title is its display text, not an attendee', () => {
    const result = asStart(channel(`start Laptop of ${AT_MEGAN} stolen with ${AT_ADELE}`, MEGAN, ADELE));
    assert.equal(result.title, 'Laptop of Megan Bowen stolen');
    assert.deepEqual(result.attendees, [adele]);
  });

  test('a mention in the title shows what the message showed (first name only)', () => {
    const meganShort = mention('29:megan', 'Megan Bowen', '<at>Megan</at>');
    const result = asStart(channel(`start <at>Megan</at>'s deploy broke login`, meganShort));
    assert.equal(result.title, "Megan's deploy broke login");
    assert.deepEqual(result.attendees, []);
  });

  test('the first `with` followed by a mention starts the attendee list', () => {
    const result = asStart(channel(`start Sync with ${AT_ADELE} broken with ${AT_MEGAN}`, ADELE, MEGAN));
    assert.equal(result.title, 'Sync');
    assert.deepEqual(result.attendees, [adele, megan]);
    assert.deepEqual(result.ignored, ['broken']);
  });

  test('quoted title: quotes removed, `with`/`at`/`for` inside are title words', () => {
    const result = asStart(channel(`start "Login with SSO broken" with ${AT_MEGAN}`, MEGAN));
    assert.equal(result.title, 'Login with SSO broken');
    assert.deepEqual(result.attendees, [megan]);
    assert.equal(titleOf('start sev1 "Outage at 15:00 for 1h"'), 'Outage at 15:00 for 1h');
    assert.deepEqual(asStart(channel('start sev1 "Outage at 15:00" for 1h')).schedule, { durationMinutes: 60 });
  });

  test('quoted title with typographic quotes and &quot;', () => {
    assert.equal(titleOf(`start “Login with SSO broken” with ${AT_MEGAN}`, MEGAN), 'Login with SSO broken');
    assert.equal(titleOf(`start „Login with SSO broken“ with ${AT_MEGAN}`, MEGAN), 'Login with SSO broken');
    assert.equal(titleOf(`start &quot;Login with SSO broken&quot; with ${AT_MEGAN}`, MEGAN), 'Login with SSO broken');
    assert.equal(titleOf('start "Checkout down".'), 'Checkout down');
  });

  test('quoted title containing a mention', () => {
    const result = asStart(channel(`start "${AT_MEGAN} can't log in with SSO" with ${AT_ADELE}`, MEGAN, ADELE));
    assert.equal(result.title, "Megan Bowen can't log in with SSO");
    assert.deepEqual(result.attendees, [adele]);
  });

  test('a quoted part of the title keeps its quotes', () => {
    const result = asStart(channel(`start Error "connection with DB reset" in EU with ${AT_MEGAN}`, MEGAN));
    assert.equal(result.title, 'Error "connection with DB reset" in EU');
  });

  test('an unbalanced quote is just a character', () => {
    assert.equal(titleOf(`start "Login broken with ${AT_MEGAN}`, MEGAN), '"Login broken');
  });

  test('missing title → TITLE_MISSING with an example', () => {
    for (const text of ['start', 'start sev2', `start with ${AT_MEGAN}`, 'start sev1 at 15:00 for 1h', 'start "" ', 'start sev2 ...']) {
      const result = asInvalid(channel(text, MEGAN));
      assert.equal(result.code, 'TITLE_MISSING', text);
      assert.equal(result.command, 'start');
      assert.equal(result.hint, 'Example: @IncidentBridge start sev2 Checkout API returning 500s with @Megan Bowen');
    }
  });

  test('TITLE_MISSING in personal chat has an example without the bot mention; aliases report "start"', () => {
    const result = asInvalid(parse('incident sev2', []));
    assert.equal(result.code, 'TITLE_MISSING');
    assert.equal(result.command, 'start');
    assert.equal(result.hint, 'Example: start sev2 Checkout API returning 500s with @Megan Bowen');
  });

  test('titles up to 200 characters; longer is COMMAND_INVALID', () => {
    assert.equal(titleOf(`start ${'a'.repeat(200)}`).length, 200);
    const result = asInvalid(channel(`start ${'a'.repeat(150)} ${'b'.repeat(60)}`));
    assert.equal(result.code, 'COMMAND_INVALID');
    assert.match(result.message, /211 characters/);
  });
});

describe('parseCommand: mentions', () => {
  test('the bot mention in the middle or at the end is removed', () => {
    assert.equal(titleOf(`start sev2 DB ${AT_BOT} down`), 'DB down');
    const result = asStart(parse(`start sev2 DB down with ${AT_MEGAN} ${AT_BOT}`, [MEGAN, BOT]));
    assert.equal(result.title, 'DB down');
    assert.deepEqual(result.attendees, [megan]);
    assert.equal(result.ignored, undefined);
  });

  test('the bot is never an attendee, even mentioned twice or after `with`', () => {
    const result = asStart(parse(`${AT_BOT} start DB down with ${AT_BOT} ${AT_MEGAN}`, [BOT, BOT, MEGAN]));
    assert.deepEqual(result.attendees, [megan]);
    const once = asStart(parse(`${AT_BOT} start DB down with ${AT_BOT} ${AT_MEGAN}`, [BOT, MEGAN]));
    assert.deepEqual(once.attendees, [megan]);
  });

  test('the bot mention with a display text different from its name', () => {
    const bot = mention(BOT_ID, 'IncidentBridge', '<at>Incident Bridge Bot</at>');
    assert.equal(asStart(parse('<at>Incident Bridge Bot</at> start DB down', [bot])).title, 'DB down');
  });

  test('two mentions with the same display name are told apart by entity order', () => {
    const megan1 = mention('29:megan-sales', 'Megan Bowen');
    const megan2 = mention('29:megan-eng', 'Megan Bowen');
    const result = asStart(channel(`start DB down with ${AT_MEGAN} and ${AT_MEGAN}`, megan1, megan2));
    assert.deepEqual(result.attendees, [
      { kind: 'mention', channelUserId: '29:megan-sales', name: 'Megan Bowen' },
      { kind: 'mention', channelUserId: '29:megan-eng', name: 'Megan Bowen' },
    ]);
  });

  test('a shortened mention: attendee name is the entity name', () => {
    const meganShort = mention('29:megan', 'Megan Bowen', '<at>Megan</at>');
    const result = asStart(channel('start DB down with <at>Megan</at>', meganShort));
    assert.deepEqual(result.attendees, [megan]);
  });

  test('name with & (encoded in text, entity without text)', () => {
    const odd: MentionEntity = { id: '29:odd', name: 'Test ($~&)', text: '' };
    const result = asStart(channel('start DB down with <at>Test ($~&amp;)</at>', odd));
    assert.deepEqual(result.attendees, [{ kind: 'mention', channelUserId: '29:odd', name: 'Test ($~&)' }]);
  });

  test('name with & when the bot layer rebuilt the entity text from the raw name', () => {
    const odd = mention('29:odd', 'R&D Ops', '<at>R&D Ops</at>');
    const result = asStart(channel('start DB down with <at>R&amp;D Ops</at> a@contoso.com', odd));
    assert.deepEqual(result.attendees, [{ kind: 'mention', channelUserId: '29:odd', name: 'R&D Ops' }, email('a@contoso.com')]);
  });

  test('<at id="…"> markup', () => {
    const meganWithId = mention('29:megan', 'Megan Bowen', '<at id="1">Megan Bowen</at>');
    const result = asStart(parse(`<at id="0">IncidentBridge</at> start DB down with <at id="1">Megan Bowen</at>`, [BOT, meganWithId]));
    assert.equal(result.title, 'DB down');
    assert.deepEqual(result.attendees, [megan]);
  });

  test('entity text that matches nothing falls back to entity order', () => {
    const odd = mention('29:megan', 'Megan Bowen', '<at>M. Bowen</at>');
    const result = asStart(channel('start DB down with <at>Megan</at>', odd));
    assert.deepEqual(result.attendees, [megan]);
  });

  test('an <at> run without any entity is text: in the title, or ignored after `with`', () => {
    assert.equal(titleOf('start Ask <at>Nobody</at> first'), 'Ask Nobody first');
    const result = asStart(channel(`start DB down with ${AT_MEGAN} <at>Ghost User</at>`, MEGAN));
    assert.deepEqual(result.attendees, [megan]);
    assert.deepEqual(result.ignored, ['Ghost User']);
    assert.equal(titleOf('start DB down with <at>Ghost User</at>'), 'DB down with Ghost User');
  });

  test('mentions only, glued punctuation', () => {
    const result = asStart(channel(`start DB down with ${AT_MEGAN},${AT_ADELE}.`, MEGAN, ADELE));
    assert.deepEqual(result.attendees, [megan, adele]);
    assert.equal(result.ignored, undefined);
  });
});

describe('parseCommand: attendees', () => {
  test('addresses: lower-cased, trailing punctuation stripped', () => {
    const result = asStart(channel('start DB down with Patti@Contoso.com.'));
    assert.deepEqual(result.attendees, [email('patti@contoso.com')]);
  });

  test('commas, semicolons, "and", "&", "+" separate', () => {
    const result = asStart(channel(
      `start DB down with ${AT_MEGAN}, a@contoso.com; b@contoso.com and c@contoso.com &amp; d@contoso.com + ${AT_ADELE}`,
      MEGAN, ADELE,
    ));
    assert.deepEqual(result.attendees, [
      megan, email('a@contoso.com'), email('b@contoso.com'), email('c@contoso.com'), email('d@contoso.com'), adele,
    ]);
    assert.equal(result.ignored, undefined);
  });

  test('addresses glued by commas or semicolons', () => {
    const result = asStart(channel('start DB down with a@contoso.com,b@contoso.com;c@contoso.com'));
    assert.deepEqual(result.attendees, [email('a@contoso.com'), email('b@contoso.com'), email('c@contoso.com')]);
  });

  test('mailto:, <a href="mailto:…">, <address>, markdown links', () => {
    const result = asStart(channel(
      'start DB down with mailto:a@contoso.com <a href="mailto:b@contoso.com">Bea</a> '
      + '&lt;c@contoso.com&gt; [d@contoso.com](mailto:d@contoso.com) (e@contoso.com)',
    ));
    assert.deepEqual(result.attendees,
      ['a', 'b', 'c', 'd', 'e'].map((x) => email(`${x}@contoso.com`)));
    assert.equal(result.ignored, undefined);
  });

  test('"Name <address>" does not report the name as ignored', () => {
    const result = asStart(channel(`start DB down with ${AT_MEGAN}, Patti Fernandez &lt;patti@contoso.com&gt;`, MEGAN));
    assert.deepEqual(result.attendees, [megan, email('patti@contoso.com')]);
    assert.equal(result.ignored, undefined);
  });

  test('UPNs', () => {
    const result = asStart(channel('start DB down with megan@contoso.onmicrosoft.com'));
    assert.deepEqual(result.attendees, [email('megan@contoso.onmicrosoft.com')]);
  });

  test('duplicates are kept once', () => {
    const result = asStart(channel(
      `start DB down with ${AT_MEGAN} a@contoso.com ${AT_MEGAN} A@Contoso.com with ${AT_MEGAN}`,
      MEGAN, MEGAN, MEGAN,
    ));
    assert.deepEqual(result.attendees, [megan, email('a@contoso.com')]);
  });

  test('words that are neither mention nor address are reported as ignored phrases', () => {
    const result = asStart(channel(`start DB down with ${AT_MEGAN}, bob, the DBA team and bob@localhost please`, MEGAN));
    assert.deepEqual(result.attendees, [megan]);
    assert.deepEqual(result.ignored, ['bob', 'the DBA team', 'bob@localhost please']);
  });

  test('an address right after `with` starts the list', () => {
    const result = asStart(channel('start Problems with patti@contoso.com'));
    assert.equal(result.title, 'Problems');
    assert.deepEqual(result.attendees, [email('patti@contoso.com')]);
  });

  test('`with:` is accepted', () => {
    const result = asStart(channel(`start DB down with: ${AT_MEGAN}`, MEGAN));
    assert.deepEqual(result.attendees, [megan]);
  });
});

describe('parseCommand: at / for clauses', () => {
  const scheduleOf = (text: string, ...others: MentionEntity[]) => asStart(channel(text, ...others)).schedule;

  test('clock times', () => {
    const cases: [string, number, number][] = [
      ['15:00', 15, 0], ['9:30', 9, 30], ['09:05', 9, 5], ['3pm', 15, 0], ['3:30PM', 15, 30], ['3 pm', 15, 0],
      ['3:30 p.m.', 15, 30], ['11am', 11, 0], ['12am', 0, 0], ['12pm', 12, 0], ['0:00', 0, 0], ['23:59', 23, 59],
    ];
    for (const [typed, hour, minute] of cases) {
      assert.deepEqual(scheduleOf(`start DB down at ${typed}`), { startAt: { kind: 'clock', hour, minute } }, typed);
    }
  });

  test('ISO times with and without offset, normalised', () => {
    const cases: [string, string][] = [
      ['2026-11-24T15:00', '2026-11-24T15:00'],
      ['2026-11-24t15:00', '2026-11-24T15:00'],
      ['2026-11-24 15:00', '2026-11-24T15:00'],
      ['2026-11-24T9:00', '2026-11-24T09:00'],
      ['2026-11-24T15:00:30', '2026-11-24T15:00:30'],
      ['2026-11-24T15:00Z', '2026-11-24T15:00Z'],
      ['2026-11-24T15:00+01:00', '2026-11-24T15:00+01:00'],
      ['2026-11-24T15:00-0500', '2026-11-24T15:00-05:00'],
      ['2026-11-24 15:00+05:30', '2026-11-24T15:00+05:30'],
    ];
    for (const [typed, iso] of cases) {
      assert.deepEqual(scheduleOf(`start DB down at ${typed}`), { startAt: { kind: 'iso', iso } }, typed);
    }
  });

  test('durations', () => {
    const cases: [string, number][] = [
      ['30m', 30], ['30 m', 30], ['45 min', 45], ['45mins', 45], ['1h', 60], ['1 hr', 60], ['1h30m', 90], ['1h 30m', 90],
      ['1h30', 90], ['90 minutes', 90], ['2 hours', 120], ['1 hour 30 minutes', 90], ['1.5h', 90], ['1,5 h', 90],
      ['5m', 5], ['24h', 1440], ['1H.', 60],
    ];
    for (const [typed, minutes] of cases) {
      assert.deepEqual(scheduleOf(`start DB down for ${typed}`), { durationMinutes: minutes }, typed);
    }
  });

  test('at/for before `with`', () => {
    const result = asStart(channel(`start sev1 DB down at 15:00 for 1h with ${AT_MEGAN}`, MEGAN));
    assert.equal(result.title, 'DB down');
    assert.deepEqual(result.schedule, { startAt: { kind: 'clock', hour: 15, minute: 0 }, durationMinutes: 60 });
    assert.deepEqual(result.attendees, [megan]);
  });

  test('at/for after `with`', () => {
    const result = asStart(channel(`start sev1 DB down with ${AT_MEGAN} and a@contoso.com at 3pm for 45 min.`, MEGAN));
    assert.equal(result.title, 'DB down');
    assert.deepEqual(result.schedule, { startAt: { kind: 'clock', hour: 15, minute: 0 }, durationMinutes: 45 });
    assert.deepEqual(result.attendees, [megan, email('a@contoso.com')]);
    assert.equal(result.ignored, undefined);
  });

  test('at/for on both sides of `with`', () => {
    const result = asStart(channel(`start DB down for 2 hours with ${AT_MEGAN} at 2026-11-24T15:00`, MEGAN));
    assert.equal(result.title, 'DB down');
    assert.deepEqual(result.schedule, { startAt: { kind: 'iso', iso: '2026-11-24T15:00' }, durationMinutes: 120 });
    assert.deepEqual(result.attendees, [megan]);
  });

  test('a real keyword later makes an earlier look-alike a title word', () => {
    const result = asStart(channel('start Outage at checkout at 15:00'));
    assert.equal(result.title, 'Outage at checkout');
    assert.deepEqual(result.schedule, { startAt: { kind: 'clock', hour: 15, minute: 0 } });
  });

  test('"today" after the time is accepted', () => {
    assert.deepEqual(scheduleOf('start DB down at 15:00 today'), { startAt: { kind: 'clock', hour: 15, minute: 0 } });
  });

  test('"tomorrow" is rejected instead of silently meaning today', () => {
    assert.equal(asInvalid(channel('start DB down at 15:00 tomorrow')).code, 'COMMAND_INVALID');
    assert.equal(asInvalid(channel('start DB maintenance tomorrow at 9am')).code, 'COMMAND_INVALID');
  });

  test('times and durations of the right shape but wrong value are COMMAND_INVALID', () => {
    const cases: [string, RegExp][] = [
      ['at 25:00', /not a time of day/],
      ['at 13pm', /not a time of day/],
      ['at 2026-02-30T10:00', /not a date/],
      ['at 2026-11-24', /no time of day/],
      ['at 2026-11-24T15:00+15:00', /not a UTC offset/],
      ['for 48h', /at most 24 hours/],
      ['for 2m', /at least 5 minutes/],
      ['for 0m', /at least 5 minutes/],
    ];
    for (const [clause, message] of cases) {
      const result = asInvalid(channel(`start DB down ${clause}`));
      assert.equal(result.code, 'COMMAND_INVALID', clause);
      assert.match(result.message, message, clause);
      assert.notEqual(result.hint, '', clause);
    }
  });

  test('a time or duration given twice is COMMAND_INVALID', () => {
    assert.match(asInvalid(channel('start DB down at 15:00 at 16:00')).message, /start time/);
    assert.match(asInvalid(channel(`start DB down for 1h with ${AT_MEGAN} for 2h`, MEGAN)).message, /duration/);
  });

  test('a clause inside quotes is a title word', () => {
    const result = asStart(channel('start "Outage at 15:00"'));
    assert.equal(result.title, 'Outage at 15:00');
    assert.deepEqual(result.schedule, {});
  });
});
