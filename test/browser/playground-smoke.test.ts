/**
 * End-to-end smoke test of the browser harness: Microsoft 365 Agents Playground (Microsoft's local
 * Teams client) in headless Chromium, talking to a throw-away echo bot.
 *
 * Group chat: a message with two @mentions picked in the compose box reaches the bot with `<at>`
 * markup and mention entities; the bot's adaptive card renders; its Action.Execute button sends an
 * `adaptiveCard/action` invoke, and the card the bot answers with replaces the old one in place.
 *
 * Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH). Skipped without it on a developer
 * machine; under CI (CI set) it always runs, so a missing browser fails.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Activity } from 'botbuilder';
import { cardProblems } from '../support/adaptive-card-check';
import { ECHO_ACK_TITLE, ECHO_ACK_VERB, echoCard, otherMentions, startEchoBot, type EchoBot } from '../support/echo-bot';
import {
  CHROMIUM_PATH,
  openPlaygroundPage,
  startPlayground,
  type PlaygroundPage,
  type PlaygroundServer,
} from '../support/playground';

/** Screenshots land in the temp folder: playground-smoke-<name>.png */
const shot = (name: string): string => path.join(tmpdir(), `playground-smoke-${name}.png`);
const MEGAN = { name: 'Megan Bowen', aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18' };
const ADELE = { name: 'Adele Vance', aadObjectId: 'b61a73e5-241a-4e8b-bf4f-75ffaf873333' };

async function until<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('Agents Playground: group-chat @mentions reach the bot, card renders, Action.Execute replaces it', { timeout: 100_000 }, async (t) => {
  if (!existsSync(CHROMIUM_PATH) && !process.env.CI) {
    t.skip(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (this test always runs when CI is set)`);
    return;
  }
  assert.deepEqual(cardProblems(echoCard('x', ['y'])), []);

  let bot: EchoBot | undefined;
  let playground: PlaygroundServer | undefined;
  let ui: PlaygroundPage | undefined;
  t.after(async () => {
    await ui?.close().catch((e: unknown) => t.diagnostic(`closing the browser: ${String(e)}`));
    await playground?.stop();
    await bot?.stop();
  });

  bot = await startEchoBot();
  playground = await startPlayground({ botEndpoint: bot.endpoint });
  t.diagnostic(`Playground ${playground.url} (serviceUrl ${playground.serviceUrl}), bot ${bot.endpoint}`);
  ui = await openPlaygroundPage(playground.url);
  const { config } = ui;
  assert.equal(config.tenantId, '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58', 'the project yml is loaded');

  try {
    await ui.chooseConversation('group');
    await ui.sendMessage('please join the bridge', { mention: [MEGAN.name, ADELE.name] });

    // What the bot got: Teams' mention markup, from the UI's picker.
    const message = await until<Activity>('the message at the bot', 15_000, () =>
      bot?.received.find((a) => a.type === 'message'),
    );
    assert.equal(message.conversation.conversationType, 'groupChat');
    assert.equal(message.serviceUrl, playground.serviceUrl);
    assert.equal(message.from.aadObjectId, config.currentUser.aadObjectId);
    assert.equal(message.text, `<at>${config.bot.name}</at> please join the bridge <at>${MEGAN.name}</at> <at>${ADELE.name}</at>`);
    const mentionEntities = (message.entities ?? []).filter((e) => e.type === 'mention');
    assert.equal(mentionEntities.length, 3, 'bot + two people');
    const people = otherMentions(message);
    assert.deepEqual(
      people.map((m) => m.mentioned.name),
      [MEGAN.name, ADELE.name],
    );
    for (const m of people) {
      const user = config.users.find((u) => u.id === m.mentioned.id);
      assert.ok(user, `mention id ${m.mentioned.id} is a roster id`);
      assert.equal(user.aadObjectId, m.mentioned.name === MEGAN.name ? MEGAN.aadObjectId : ADELE.aadObjectId);
      assert.equal(m.text, `<at>${m.mentioned.name}</at>`);
    }

    // The card as the UI renders it.
    const card = await ui.waitForCardContaining('please join the bridge', 15_000);
    assert.match(card, /You said: please join the bridge/);
    assert.match(card, /Mentioned: Megan Bowen, Adele Vance/);
    await ui.screenshot(shot('1-card'));

    // Action.Execute -> adaptiveCard/action invoke -> card replaced in place.
    await ui.clickCardButton(ECHO_ACK_TITLE, { cardContaining: 'please join the bridge' });
    const updated = await ui.waitForCardContaining(`Acknowledged by ${config.currentUser.name}`, 15_000);
    assert.match(updated, /Mentioned: Megan Bowen, Adele Vance/);
    const invoke = await until<Activity>('the invoke at the bot', 5_000, () =>
      bot?.received.find((a) => a.type === 'invoke'),
    );
    assert.equal(invoke.name, 'adaptiveCard/action');
    assert.equal((invoke.value as { action?: { verb?: string } }).action?.verb, ECHO_ACK_VERB);
    const echoCards = (await ui.cardTexts()).filter((c) => c.includes('please join the bridge'));
    assert.equal(echoCards.length, 1, 'the card was replaced, not added');
    assert.doesNotMatch(echoCards[0] ?? '', new RegExp(`^${ECHO_ACK_TITLE}$`, 'm'), 'the new card has no button');
    await ui.screenshot(shot('2-updated'));

    assert.deepEqual(bot.errors, []);
    t.diagnostic(`blocked off-machine requests: ${ui.blockedRequests().length}`);
  } catch (e: unknown) {
    await ui.screenshot(shot('failure')).catch(() => undefined);
    t.diagnostic(`Playground output:\n${playground.output()}`);
    throw e;
  }
});
