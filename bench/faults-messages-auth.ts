/**
 * Forged tokens on /api/messages: a second bot in the same world WITH an app id configured (as
 * test/e2e/inbound-auth.test.ts runs it), so CloudAdapter validates the Bot Framework JWT. Offline, the Bot
 * Framework's signing keys (login.botframework.com) cannot be fetched; so the suite stands in for them in this process
 * only: botframework-connector's OpenIdMetadata answers with one key the suite holds. Signed tokens with a wrong
 * claim are then refused for the claim, not for an unknown key, and a control token (all claims right) shows the
 * key is trusted: it passes authentication and meets the next check (403 "service url not allowed": the test
 * Connector is no Bot Framework service URL).
 */
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { graphCredential } from '../src/graph/credential';
import { silentLogger } from '../src/log';
import { sandboxConfig } from '../src/sandbox-mode';
import type { FaultWorld } from './faults-setup';
import { isCrash, post, row, type Row } from './lib/fault-row';
import { startActivity } from './lib/spawned-bots';

const APP_ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const KID = 'faults-suite-key';
const ISSUER = 'https://api.botframework.com';

export async function forgedMessageTokens(w: FaultWorld): Promise<Row> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const pem = await exportSPKI(publicKey);
  const original = Object.getOwnPropertyDescriptor(OpenIdMetadata.prototype, 'getKey');
  Object.defineProperty(OpenIdMetadata.prototype, 'getKey', {
    configurable: true, writable: true,
    value: async (keyId: string) => (keyId === KID ? { key: pem, endorsements: ['msteams'] } : null),
  });
  const config = sandboxConfig(loadConfig({ SANDBOX: 'on', PORT: '0', LOG_LEVEL: 'silent', PLAYGROUND: 'off', STORAGE: 'memory',
    MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-here', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: w.graph.tenantId }), w.graph);
  const app = await startApp(config, graphCredential(config.graph), silentLogger());
  // botframework-connector console.error()s some refused tokens (with the key's PEM): kept out of the table's output.
  const consoleError = console.error;
  console.error = () => undefined;
  try {
    const activity = startActivity(w.connector, '19:faults0inbound0auth@thread.v2', 'faults-inbound');
    const serviceUrl = activity['serviceUrl'] as string;
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, over: { kid?: string; iat?: number; exp?: number } = {}) => new SignJWT({ serviceurl: serviceUrl, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: over.kid ?? KID, typ: 'JWT' }).setIssuer(ISSUER).setIssuedAt(over.iat ?? now - 60)
      .setExpirationTime(over.exp ?? now + 3600).sign(privateKey);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { aud: APP_ID, iss: ISSUER, serviceurl: serviceUrl, exp: now + 3600 };
    const forged: [string, string | undefined][] = [
      ['no token', undefined],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
      ['HS256', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(new TextEncoder().encode('guessed-secret-guessed-secret-32'))],
      ['wrong audience', await sign({ aud: '11111111-2222-3333-4444-555555555555' })],
      ['wrong issuer', await new SignJWT({ ...claims, iss: 'https://evil.example.com' }).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(privateKey)],
      ['expired 1 h', await sign({ aud: APP_ID }, { iat: now - 7200, exp: now - 3600 })],
      ['nbf in 1 h', await sign({ aud: APP_ID, nbf: now + 3600 })],
      ['unknown key', await sign({ aud: APP_ID }, { kid: 'someone-elses-key' })],
      ['serviceurl claim of another service', await sign({ aud: APP_ID, serviceurl: 'https://evil.example.com/' })],
      ['garbage', 'not-a-jwt'],
    ];
    const r = row('forged tokens: /api/messages (app id set)');
    const leaked: string[] = [];
    for (const [name, token] of forged) {
      const res = await post(`${app.url}/api/messages`, JSON.stringify({ ...activity, id: `faults-inbound-${name}` }), { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) });
      r.tried += 1;
      if (res.status === 401) r.refused += 1;
      else if (isCrash(res)) r.crashed += 1;
      else { r.lost += 1; leaked.push(`${name} → ${res.status}`); }
    }
    const control = await post(`${app.url}/api/messages`, JSON.stringify({ ...activity, id: 'faults-inbound-control' }), { 'content-type': 'application/json', authorization: `Bearer ${await sign({ aud: APP_ID })}` });
    r.note = `alg none, HS256, wrong aud/iss, expired, future nbf, unknown key, other serviceurl, no token, garbage; control token (all claims right) answered ${control.status}${control.status === 403 ? ' (past auth; service url not allowed)' : ''}${leaked.length > 0 ? `; NOT refused: ${leaked.join(', ')}` : ''}`;
    return r;
  } finally {
    console.error = consoleError;
    await app.close();
    if (original !== undefined) Object.defineProperty(OpenIdMetadata.prototype, 'getKey', original);
  }
}
