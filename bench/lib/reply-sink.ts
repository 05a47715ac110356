/**
 * The benchmark's reply sink: the smallest Bot Connector both bots (ours and the echo bot) can answer through —
 * send/reply/update answer {id}, member look-ups answer from the fixture roster. Every request is counted with
 * its start and end time (for the critical path), nothing else is kept.
 */
import { createServer, type Server } from 'node:http';
import { FIXTURE_MEMBERS } from '../../test/support/harness';

interface SinkRequest {
  readonly method: string;
  readonly path: string;
  readonly at: number;
  finishedAt?: number;
  /** Activity type for activity POST/PUTs ('typing', 'message', …). */
  readonly type?: string;
  readonly hasCard?: boolean;
  /** The id the sink answered with (activity operations). */
  readonly replyId?: string;
}

export interface ReplySink {
  readonly url: string;
  /** Requests since the last clear (kept only while recording). */
  readonly requests: SinkRequest[];
  record(on: boolean): void;
  /** The last incident id (INC-…) seen in any activity body. */
  lastIncidentId(): string | undefined;
  readonly count: () => number;
  close(): Promise<void>;
}

export async function startReplySink(): Promise<ReplySink> {
  let seq = 0;
  let total = 0;
  let recording = false;
  let lastIncident: string | undefined;
  const requests: SinkRequest[] = [];
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      total++;
      const path = (req.url ?? '/').split('?')[0]!;
      let type: string | undefined;
      let hasCard = false;
      if (req.method !== 'GET' && chunks.length > 0) {
        const text = Buffer.concat(chunks).toString('utf8');
        lastIncident = /INC-[0-9A-Z]{7}/.exec(text)?.[0] ?? lastIncident;
        try {
          const body = JSON.parse(text) as { type?: string; attachments?: unknown[] };
          type = body.type;
          hasCard = Array.isArray(body.attachments) && body.attachments.length > 0;
        } catch (e: unknown) {
          if (!(e instanceof SyntaxError)) throw e;
        }
      }
      const replyId = `sink-${++seq}`;
      const row: SinkRequest = { method: req.method ?? 'GET', path, at, ...(type ? { type } : {}), hasCard, replyId };
      let status = 200;
      let body: unknown = { id: replyId };
      const member = /\/members\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && member) {
        const id = decodeURIComponent(member[1]!);
        const m = FIXTURE_MEMBERS.find((x) => x.id === id);
        status = m ? 200 : 404;
        body = m ?? { error: { code: 'MemberNotFoundInConversation', message: 'not found' } };
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body), () => {
        row.finishedAt = Date.now();
      });
      if (recording) requests.push(row);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    record(on) {
      recording = on;
      requests.length = 0;
    },
    count: () => total,
    lastIncidentId: () => lastIncident,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
