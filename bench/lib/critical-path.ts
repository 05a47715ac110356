/**
 * The critical path of one start: which network requests (Graph and Connector) happened before the card was
 * posted, and how many Graph round trips that is — the longest chain of Graph requests that ended before the card,
 * each beginning after the previous one ended (requests that overlap count as one round trip). Connector requests
 * before the card (member look-ups on a cold cache) are listed and counted separately; the typing indicator is
 * left out (it is never waited for).
 */
export interface Timed {
  readonly name: string;
  /** ms from the command's POST. */
  readonly at: number;
  readonly end: number;
  /** The card's POST. */
  readonly card?: boolean;
}

export interface CriticalPath {
  readonly cardAt: number;
  readonly roundTrips: number;
  /** Connector requests (other than typing) that ended before the card. */
  readonly connectorBeforeCard: number;
  readonly graph: number;
  readonly connector: number;
  readonly steps: readonly (Timed & { readonly beforeCard: boolean })[];
}

export function criticalPath(requests: readonly Timed[]): CriticalPath {
  const card = requests.find((r) => r.card);
  const cardAt = card?.at ?? Number.NaN;
  const before = requests.filter((r) => !r.card && r.name.startsWith('Graph') && r.end <= cardAt).sort((a, b) => a.end - b.end);
  let roundTrips = 0;
  let lastEnd = -Infinity;
  for (const r of before) {
    if (r.at >= lastEnd) {
      roundTrips++;
      lastEnd = r.end;
    }
  }
  return {
    cardAt,
    roundTrips,
    connectorBeforeCard: requests.filter((r) => !r.card && r.name.startsWith('Connector') && !/typing/.test(r.name) && r.end <= cardAt).length,
    graph: requests.filter((r) => r.name.startsWith('Graph')).length,
    connector: requests.filter((r) => r.name.startsWith('Connector')).length,
    steps: [...requests].sort((a, b) => a.at - b.at).map((r) => ({ ...r, beforeCard: r.card === true || r.end <= cardAt })),
  };
}
