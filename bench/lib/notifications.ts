/** The notification figures: duplicate "established" events for the bot's live call vs a no-op route of the same server. */
import { performance } from 'node:perf_hooks';
import { establishedNotification, joinInvoke, startActivity } from './activities';
import { closedLoop, postJson } from './load';
import { sleep, waitIdle, type Running } from './proc';
import type { ReplySink } from './reply-sink';

export async function control(graphUrl: string, what: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${graphUrl}/_sandbox/${what}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST /_sandbox/${what}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function notifications(ours: Running, graphUrl: string, sink: ReplySink, base: Record<string, unknown>, seconds: number): Promise<{ accepted: number; noop: number; processed: number; backlogMs: number }> {
  const chat = '19:bench0calls0chat@thread.v2';
  sink.record(true);
  await postJson(`${ours.url}/api/messages`, startActivity(base, chat));
  const card = sink.requests.find((r) => r.method === 'POST' && r.hasCard);
  const incidentId = sink.lastIncidentId();
  sink.record(false);
  if (!card?.replyId || !incidentId) throw new Error('no incident card for the calls chat');
  await postJson(`${ours.url}/api/messages`, joinInvoke(base, chat, incidentId, card.replyId));
  let callId = '';
  for (let i = 0; i < 100 && !callId; i++) {
    const doc = (await (await fetch(`${graphUrl}/_sandbox`)).json()) as { calls: { id: string; state: string }[] };
    callId = doc.calls.find((c) => c.state === 'established')?.id ?? '';
    if (!callId) await sleep(50);
  }
  if (!callId) throw new Error('the bot did not get into a call');
  await waitIdle(ours.child.pid!);
  const { token } = (await control(graphUrl, 'notification-token', {})) as { token: string };
  const body = establishedNotification(callId);
  const auth = { authorization: `Bearer ${token}` };
  // Interleaved (no-op, notifications, no-op, notifications; half the time each): the load of other jobs on the
  // shared machine falls on both sides of the ratio alike.
  let noopDone = 0, noopS = 0, accDone = 0, accS = 0, spanS = 0, backlogMs = 0;
  for (let round = 0; round < 2; round++) {
    const noop = await closedLoop(10, seconds / 2, async () => (await fetch(`${ours.url}/healthz`).then(async (r) => { await r.arrayBuffer(); return r.status; })) === 200);
    noopDone += noop.done;
    noopS += noop.seconds;
    const t0 = performance.now();
    const acc = await closedLoop(10, seconds / 2, async () => (await postJson(`${ours.url}/api/calls`, body, auth)) === 202);
    const sentUntil = performance.now();
    const idleAt = await waitIdle(ours.child.pid!, 300);
    backlogMs = Math.max(backlogMs, idleAt - sentUntil);
    accDone += acc.done;
    accS += acc.seconds;
    spanS += (Math.max(idleAt, sentUntil) - t0) / 1000;
  }
  return { accepted: accDone / accS, noop: noopDone / noopS, processed: accDone / spanS, backlogMs: Math.max(0, backlogMs) };
}

