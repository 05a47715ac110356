/**
 * The product through Microsoft's own local Teams client: Agents Playground in headless Chromium → the real bot
 * (restify → CloudAdapter) → Graph sandbox. A responder types the start command with two @mentions and an e-mail
 * in the group chat and sees the incident card with the join link.
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { startPlaygroundWorld } from '../support/playground-world';

const shot = (name: string): string => path.join(tmpdir(), `playground-incident-${name}.png`);

test('Playground: "start sev2 … with @Megan @Adele patti@contoso.com" shows the incident card with the join link; Bring bot into call → Bot connected; page; Remove bot → Call ended', { timeout: 150_000 }, async (t) => {
  const world = await startPlaygroundWorld(t);
  if (!world) return;
  const { graph, playground, ui } = world;
  try {
    await ui.chooseConversation('group');
    await ui.sendMessage('start sev2 Checkout API returning 500s with @{Megan Bowen} @{Adele Vance} patti@contoso.com');
    const card = await ui.waitForCardContaining('Checkout API returning 500s', 30_000);
    await ui.screenshot(shot('card'));
    assert.match(card, /SEV2/);
    assert.match(card, /Meeting ready/);
    assert.match(card, /Megan Bowen, Adele Vance, Patti Fernandez/);
    assert.match(card, /Join/);

    const meetings = graph.control.meetings();
    assert.equal(meetings.length, 1);
    const joinUrl = meetings[0]!.meeting.joinWebUrl as string;
    const href = await ui.page.locator('.ac-adaptiveCard').filter({ hasText: 'Checkout API returning 500s' }).getByText('Join', { exact: true }).count();
    assert.equal(href, 1, 'the Join button is on the card');
    assert.match(joinUrl, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    // Bring the bot into the call: the card goes "joining" (invoke response), then "Bot connected" with the
    // attendees joining one by one (proactive updates through the Playground's connector).
    await ui.clickCardButton('Bring bot into call', { cardContaining: 'Checkout API returning 500s' });
    const connected = await ui.waitForCardContaining('Bot connected', 30_000);
    assert.match(connected, /Checkout API returning 500s/);
    const alive = await ui.waitForCardContaining('In the call: Megan Bowen', 30_000);
    assert.match(alive, /Megan Bowen joined the call/);
    await ui.screenshot(shot('connected'));
    assert.equal(graph.control.calls().length, 1);

    // Page someone by typing, then remove the bot with the card's button.
    await ui.sendMessage('page @{Isaiah Langer}');
    await ui.waitForCardContaining('Isaiah Langer joined the call', 30_000);
    await ui.clickCardButton('Remove bot', { cardContaining: 'Checkout API returning 500s' });
    const ended = await ui.waitForCardContaining('Call ended', 30_000);
    assert.match(ended, /Bring bot into call/);
    await ui.screenshot(shot('ended'));
    assert.deepEqual(ui.pageErrors(), []);
  } catch (e: unknown) {
    await ui.screenshot(shot('failure')).catch(() => undefined);
    t.diagnostic(`Playground output:\n${playground.output()}`);
    throw e;
  }
});
