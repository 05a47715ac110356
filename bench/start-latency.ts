/**
 * Benchmark: how long until the incident card, and what concurrent attendee resolution buys.
 *
 * Against the local sandboxes with an artificial per-request latency (Graph and the Bot Connector alike), it times
 * in one run:
 *   - ours:     resolveAttendees() as the bot uses it — every mention looked up at once, all e-mails in one $batch;
 *   - baseline: the naive way — one look-up after another, one GET /users/{upn} per e-mail;
 *   - the whole command end to end (POST /api/messages → card captured at the Connector).
 * Prints medians and the ratio baseline/ours. Run: npx tsx bench/start-latency.ts [latencyMs] [rounds]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createGraphClient } from '../src/graph/graph-client';
import { graphCredential } from '../src/graph/credential';
import { GraphUserDirectory } from '../src/graph/graph-user-directory';
import type { AttendeeRequest } from '../src/incidents/incident';
import type { MemberLookup, UserLookupResult } from '../src/incidents/ports';
import { resolveAttendees } from '../src/incidents/resolve-attendees';
import { startHarness, FIXTURE_MEMBERS } from '../test/support/harness';

const latencyMs = Number(process.argv[2] ?? 60);
const rounds = Number(process.argv[3] ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const h = await startHarness();
  h.graph.control.setLatency(latencyMs);
  h.connector.setLatency(latencyMs);
  const graph = createGraphClient({ baseUrl: h.graph.url, credential: graphCredential(h.config.graph), caCertificatePem: h.graph.caCertificatePem });
  const directory = new GraphUserDirectory(graph);
  const conversation = encodeURIComponent('19:bench@thread.v2');
  const members: MemberLookup = async (id) => {
    const res = await fetch(`${h.connector.url}/v3/conversations/${conversation}/members/${encodeURIComponent(id)}`);
    if (res.status !== 200) return { found: false, reason: `HTTP ${res.status}` };
    const m = (await res.json()) as { objectId?: string; name?: string };
    return { found: true, user: { aadObjectId: m.objectId ?? '', displayName: m.name ?? '' } };
  };
  const requests: AttendeeRequest[] = [
    ...FIXTURE_MEMBERS.slice(1, 4).map((m) => ({ kind: 'mention' as const, channelUserId: m.id, name: m.name ?? '' })),
    ...['meganb@contoso.com', 'adelev@contoso.com', 'patti@contoso.com', 'isaiahl@contoso.com', 'leeg@contoso.com'].map((address) => ({ kind: 'email' as const, address })),
  ];

  const baseline = async (): Promise<void> => {
    const out: UserLookupResult[] = [];
    for (const r of requests) {
      if (r.kind === 'mention') out.push(await members(r.channelUserId));
      else if (r.kind === 'email') out.push((await directory.lookupByUpn([r.address])).get(r.address)!);
    }
  };
  const ours = (): Promise<unknown> => resolveAttendees(requests, { members, directory });

  const oursTimes: number[] = [];
  const baseTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    baseTimes.push(await time(baseline));
    oursTimes.push(await time(ours));
  }

  const fixture = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'teams', 'group-chat-start.json'), 'utf8').replaceAll('{{serviceUrl}}', `${h.connector.url}/`);
  const cardTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const base = JSON.parse(fixture) as Record<string, unknown>;
    // A fresh conversation each round so the member cache does not hide the look-ups.
    const activity = { ...base, id: `bench-${i}`, conversation: { ...(base['conversation'] as object), id: `19:bench${i}@thread.v2` } };
    h.connector.reset();
    h.connector.setMembers('*', FIXTURE_MEMBERS);
    h.connector.setLatency(latencyMs);
    cardTimes.push(await time(async () => {
      await h.post(activity);
      await h.waitForCard((a) => a.operation !== 'updateActivity', 30_000);
    }));
  }
  await h.close();

  const o = median(oursTimes);
  const b = median(baseTimes);
  process.stdout.write([
    `per-request latency ${latencyMs} ms, ${requests.length} attendees (3 mentions, 5 e-mails), ${rounds} rounds, medians:`,
    `  attendee resolution  ours ${o.toFixed(0)} ms   baseline (sequential) ${b.toFixed(0)} ms   ratio baseline/ours ${(b / o).toFixed(2)}x`,
    `  whole start command (POST /api/messages → card at the Connector): ${median(cardTimes).toFixed(0)} ms`,
    `  (typing is sent alongside; the card waits for the parallel look-ups, then createOrGet, then the post: three ${latencyMs} ms round trips)`,
    '',
  ].join('\n'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
