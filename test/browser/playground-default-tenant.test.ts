/**
 * Microsoft 365 Agents Playground in its DEFAULT configuration — its own mock tenant, users and ids
 * (`agentsplayground start -e <bot>/api/messages -c msteams` without the project's .m365agentsplayground.yml) —
 * against the bot in sandbox mode: start with two @mentions and an e-mail → card with join link → bring the bot
 * into the call → roster → resolve. The sandbox was seeded with none of these people; it learns them from the
 * Graph requests the bot makes (README, "How the sandbox learns its people").
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fetchPlaygroundConfig } from '../support/playground';
import { startPlaygroundWorld } from '../support/playground-world';

const shot = (name: string): string => path.join(tmpdir(), `playground-default-${name}.png`);

test('Playground with its own default mock tenant: start with two mentions + an e-mail → join link → bot in the call → roster → resolve', { timeout: 150_000 }, async (t) => {
  const world = await startPlaygroundWorld(t, { configPath: null });
  if (!world) return;
  const { graph, playground, ui } = world;
  const mock = await fetchPlaygroundConfig(playground.url);
  assert.notEqual(mock.tenantId, graph.tenantId, 'the Playground brings its own tenant');
  const [first, second] = mock.users.filter((u) => u.id !== mock.currentUser.id);
  assert.ok(first && second, 'the default config has users to mention');
  try {
    await ui.chooseConversation('group');
    await ui.sendMessage(`start sev2 Default tenant outage with @{${first.name}} @{${second.name}} patti@contoso.com`);
    const card = await ui.waitForCardContaining('Default tenant outage', 30_000);
    await ui.screenshot(shot('card'));
    assert.match(card, /Meeting ready/);
    assert.match(card, new RegExp(`${first.name}, ${second.name}, Patti Fernandez`));
    assert.equal(graph.control.meetings().length, 1);
    assert.match(graph.control.meetings()[0]!.meeting.joinWebUrl as string, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    await ui.clickCardButton('Bring bot into call', { cardContaining: 'Default tenant outage' });
    await ui.waitForCardContaining('Bot connected', 30_000);
    const roster = await ui.waitForCardContaining(`In the call: ${first.name}`, 30_000);
    assert.match(roster, new RegExp(`${first.name} joined the call`));

    await ui.sendMessage('resolve Fixed in the default tenant');
    const resolved = await ui.waitForCardContaining('Fixed in the default tenant', 30_000);
    assert.match(resolved, /Resolved/i);
    await ui.screenshot(shot('resolved'));
    assert.deepEqual(ui.pageErrors(), []);
  } catch (e: unknown) {
    await ui.screenshot(shot('failure')).catch(() => undefined);
    t.diagnostic(`Playground output:\n${playground.output()}`);
    throw e;
  }
});
