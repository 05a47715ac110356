/** A loopback stand-in for a bot's call-notification webhook (/api/calls): records what a Graph sandbox delivers. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

export interface Received {
  readonly at: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Json;
}

export class Receiver {
  readonly received: Received[] = [];
  answer = 202;
  url = '';
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.received.push({ at: Date.now(), headers: req.headers, body: text === '' ? {} : (JSON.parse(text) as Json) });
        res.writeHead(this.answer);
        res.end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/calls`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  reset(): void {
    this.received.length = 0;
    this.answer = 202;
  }

  /** Every commsNotification item received so far, with its envelope. */
  items(): { item: Json; received: Received }[] {
    return this.received.flatMap((r) => ((r.body['value'] as Json[] | undefined) ?? []).map((item) => ({ item, received: r })));
  }

  /** Items about one call (resourceUrl or resource names it, in either id form). */
  itemsFor(callId: string): Json[] {
    const compact = callId.replace(/-/g, '').toUpperCase();
    return this.items()
      .map((x) => x.item)
      .filter((i) => {
        const where = String(i['resourceUrl'] ?? i['resource'] ?? '');
        return where.includes(`/calls/${callId}`) || where.includes(`/calls/${compact}`);
      });
  }

  async waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 2000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; received:\n${JSON.stringify(this.items().map((x) => x.item), null, 1).slice(0, 4000)}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

