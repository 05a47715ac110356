/** Turns thrown things (fetch failures, fs errors, timeouts) into one readable sentence. */

class DoctorTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${Math.round(ms / 1000)} s`);
    this.name = 'DoctorTimeoutError';
  }
}

/** Rejects with DoctorTimeoutError when `promise` takes longer than `ms` (the promise itself keeps running). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DoctorTimeoutError(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The errno-style code of an error or of its cause chain (undici puts it on `cause`, sometimes in an AggregateError). */
export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && typeof cur === 'object' && cur !== null; depth++) {
    const o = cur as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string' && o.code !== '') return o.code;
    if (Array.isArray(o.errors) && o.errors.length > 0) {
      const inner = errorCode(o.errors[0]);
      if (inner !== undefined) return inner;
    }
    cur = o.cause;
  }
  return undefined;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Why an HTTP request to `url` never got an answer, in words an admin can act on. */
export function explainNetworkError(e: unknown, url: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch (err: unknown) {
    host = `${url} (${messageOf(err)})`;
  }
  if (e instanceof DoctorTimeoutError || (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))) {
    return `no answer from ${host} in time: a firewall or network security group drops the traffic, or the app is still starting (cold start)`;
  }
  const code = errorCode(e);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name of ${host} does not resolve (DNS ${code}): check the spelling of the URL, or the DNS record of a custom domain`;
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${host} (ECONNREFUSED): the app is not running there, or the port is wrong`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `${host} closed the connection (${code}): a proxy, firewall or TLS terminator in front of the app`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `${host} is not reachable from this machine (${code}): no route (VPN, private endpoint or firewall)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connecting to ${host} timed out (${code}): a firewall or network security group drops the traffic`;
    default:
      if (code !== undefined && TLS_CODES.has(code)) {
        return `TLS certificate problem at ${host} (${code}): Teams and Graph only call https endpoints with a valid, publicly trusted certificate for that host name`;
      }
      return `request to ${host} failed: ${messageOf(e)}${code !== undefined ? ` (${code})` : ''}`;
  }
}
