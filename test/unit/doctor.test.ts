/**
 * `npm run doctor` (src/doctor) against the in-process sandbox: the Graph sandbox with its identity-platform
 * token endpoint and the real bot on a free port. Plus the sandbox token endpoint through SandboxCredential.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AuthenticationError, AuthenticationRequiredError, ClientSecretCredential } from '@azure/identity';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { loadConfig } from '../../src/config';
import { defaultDoctorDeps } from '../../src/doctor/default-deps';
import { parseDoctorArgs } from '../../src/doctor/doctor-args';
import type { CheckId, CheckStatus, DoctorDeps, DoctorOptions, DoctorReport, DoctorTarget } from '../../src/doctor/doctor-types';
import { NEEDED_GRAPH_PERMISSIONS } from '../../src/doctor/graph-permissions';
import { createMasker, secretsOf } from '../../src/doctor/mask-secrets';
import { checkPublicUrl } from '../../src/doctor/http-checks';
import { runDoctor } from '../../src/doctor/run-doctor';
import { ADELE_VANCE, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { SANDBOX_BOT_APP_ID, startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { DEFAULT_APP_ROLES } from '../../sandbox/identity/token-endpoint';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
let tmp: string;

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'doctor-test-'));
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function doctor(env: Record<string, string>, options: Partial<DoctorOptions> = {}, deps: Partial<DoctorDeps> = {}): Promise<DoctorReport> {
  return runDoctor({ env, ...options }, defaultDoctorDeps({ timeoutMs: 5000, ...deps }));
}

function statusOf(report: DoctorReport, id: CheckId): CheckStatus | undefined {
  return report.results.find((r) => r.id === id)?.status;
}

function statuses(report: DoctorReport): Record<string, CheckStatus> {
  return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
}

/** A server that answers 404 to everything (a PUBLIC_BASE_URL pointing at the wrong app). */
async function notFoundServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('npm run doctor in sandbox mode', () => {
  test('a healthy sandbox: every check OK, exit code 0', async () => {
    const report = await doctor({ STORAGE: 'file', DATA_DIR: path.join(tmp, 'data') });
    assert.deepEqual(statuses(report), {
      config: 'OK',
      'graph-token': 'OK',
      'graph-permissions': 'OK',
      'access-policy': 'OK',
      'public-url': 'OK',
      'calls-route': 'OK',
      health: 'OK',
      storage: 'OK',
    }, report.text);
    assert.equal(report.exitCode, 0);
    assert.match(report.text, /^OK {4}Graph permissions: all 10 application permissions granted/m); // issue #14 added four (meeting chat, review)
    assert.match(report.text, /POST http:\/\/127\.0\.0\.1:\d+\/api\/calls without a token → 401/);
    assert.match(report.text, /all checks passed/);
    assert.match(report.text, /off: fixed meeting organizer \(MEETING_ORGANIZER_ID not set\)/);
  });

  test('a missing application permission: FAIL naming the role, why, and the az CLI + consent fix', async () => {
    const report = await doctor({ STORAGE: 'memory' }, {
      onSandbox: (sandbox) => sandbox.control.setAppRoles(DEFAULT_APP_ROLES.filter((r) => r !== 'OnlineMeetings.ReadWrite.All')),
    });
    assert.equal(statusOf(report, 'graph-permissions'), 'FAIL', report.text);
    assert.equal(report.exitCode, 1);
    assert.match(report.text, /FAIL {2}Graph permissions: missing OnlineMeetings\.ReadWrite\.All\n/);
    assert.match(report.text, /missing OnlineMeetings\.ReadWrite\.All, needed for creating the incident meetings/);
    assert.match(report.text, new RegExp(`az ad app permission add --id ${SANDBOX_BOT_APP_ID} --api \\$GRAPH --api-permissions \\$\\(role OnlineMeetings\\.ReadWrite\\.All\\)=Role`));
    assert.match(report.text, new RegExp(`az ad app permission admin-consent --id ${SANDBOX_BOT_APP_ID}`));
    assert.match(report.text, /Grant admin consent for <tenant>/);
    assert.match(report.text, /failed: Graph permissions[.,]/);
  });

  test('--simulate missing-role withholds Calls.JoinGroupCall.All (or the named role)', async () => {
    const report = await doctor({ STORAGE: 'memory' }, { simulate: [{ kind: 'missing-role' }] });
    assert.equal(statusOf(report, 'graph-permissions'), 'FAIL');
    assert.match(report.text, /Graph permissions: missing Calls\.JoinGroupCall\.All/);
    assert.match(report.text, /Simulated: the app's Calls\.JoinGroupCall\.All permission is withheld/);

    const named = await doctor({ STORAGE: 'memory' }, { simulate: [{ kind: 'missing-role', role: 'User.Read.All' }] });
    assert.match(named.text, /Graph permissions: missing User\.Read\.All/);
  });

  test('without TeamsAppInstallation.ReadWriteSelfForChat.All (issue #14): a WARN saying the meeting chat gets no card', async () => {
    const report = await doctor({ STORAGE: 'memory' }, {
      onSandbox: (sandbox) => sandbox.control.setAppRoles(DEFAULT_APP_ROLES.filter((r) => r !== 'TeamsAppInstallation.ReadWriteSelfForChat.All')),
    });
    assert.equal(statusOf(report, 'graph-permissions'), 'WARN', report.text);
    assert.match(report.text, /missing TeamsAppInstallation\.ReadWriteSelfForChat\.All, needed for putting the incident card into the meeting's own chat/);
    assert.match(report.text, /the meeting's chat gets no incident card/);
    assert.equal(report.exitCode, 0);
  });

  test('a missing optional permission (Calendars.ReadWrite) is a WARN, not a failure', async () => {
    const report = await doctor({ STORAGE: 'memory' }, {
      onSandbox: (sandbox) => sandbox.control.setAppRoles(DEFAULT_APP_ROLES.filter((r) => r !== 'Calendars.ReadWrite')),
    });
    assert.equal(statusOf(report, 'graph-permissions'), 'WARN', report.text);
    assert.match(report.text, /missing Calendars\.ReadWrite, needed for \+calendar/);
    assert.equal(report.exitCode, 0);
  });

  test('GroupMember.Read.All is required (FAIL) once INCIDENT_ADMIN_GROUP_ID is set, optional (WARN) without', async () => {
    const withhold = (sandbox: GraphSandbox): void => sandbox.control.setAppRoles(DEFAULT_APP_ROLES.filter((r) => r !== 'GroupMember.Read.All'));
    const without = await doctor({ STORAGE: 'memory' }, { onSandbox: withhold });
    assert.equal(statusOf(without, 'graph-permissions'), 'WARN', without.text);
    assert.match(without.text, /off: incident admins \(INCIDENT_ADMIN_GROUP_ID not set\)/);
    const withGroup = await doctor({ STORAGE: 'memory', INCIDENT_ADMIN_GROUP_ID: '6a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9' }, { onSandbox: withhold });
    assert.equal(statusOf(withGroup, 'graph-permissions'), 'FAIL', withGroup.text);
    assert.match(withGroup.text, /missing GroupMember\.Read\.All, needed for the admin group check/);
  });

  test('no roles at all (no `roles` claim, as Entra issues it): every required permission is named', async () => {
    const report = await doctor({ STORAGE: 'memory' }, { onSandbox: (sandbox) => sandbox.control.setAppRoles([]) });
    assert.equal(statusOf(report, 'graph-permissions'), 'FAIL');
    for (const p of NEEDED_GRAPH_PERMISSIONS.filter((x) => x.neededFor === 'core')) assert.match(report.text, new RegExp(`missing ${p.role.replaceAll('.', '\\.')}, needed for`));
  });

  test('a missing access policy: FAIL with the Grant-CsApplicationAccessPolicy line for the organizer', async () => {
    const report = await doctor({ STORAGE: 'memory' }, { simulate: [{ kind: 'missing-policy' }] });
    assert.equal(statusOf(report, 'access-policy'), 'FAIL', report.text);
    assert.equal(report.exitCode, 1);
    assert.match(report.text, new RegExp(`Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Identity "${MEGAN_BOWEN.id}"`));
    assert.match(report.text, new RegExp(`New-CsApplicationAccessPolicy -Identity IncidentBridge-Policy -AppIds "${SANDBOX_BOT_APP_ID}"`));
  });

  test('--organizer probes that organizer (here: denied through the sandbox control)', async () => {
    let sandbox: GraphSandbox | undefined;
    const report = await doctor({ STORAGE: 'memory' }, {
      organizerId: ADELE_VANCE.id,
      onSandbox: (s) => {
        sandbox = s;
        s.control.denyAccessPolicy(ADELE_VANCE.id);
      },
    });
    assert.equal(statusOf(report, 'access-policy'), 'FAIL');
    assert.match(report.text, new RegExp(`Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Identity "${ADELE_VANCE.id}"`));
    const probe = sandbox?.control.requests.find((r) => r.path.endsWith('/onlineMeetings/createOrGet'));
    assert.ok(probe, 'the probe reached Graph');
    assert.equal(probe.path, `/v1.0/users/${ADELE_VANCE.id}/onlineMeetings/createOrGet`);
    assert.deepEqual((probe.body as { externalId?: string; subject?: string }).externalId, 'incident-bridge-doctor-probe');
    assert.equal((probe.body as { subject?: string }).subject, '[incident-bridge] doctor probe');
  });

  test('a base URL that answers 404 on /api/calls: FAIL with the webhook fix', async () => {
    const { url, server } = await notFoundServer();
    try {
      const report = await doctor({ STORAGE: 'memory', PUBLIC_BASE_URL: url });
      assert.equal(statusOf(report, 'calls-route'), 'FAIL', report.text);
      assert.equal(statusOf(report, 'health'), 'FAIL');
      assert.equal(report.exitCode, 1);
      assert.match(report.text, new RegExp(`FAIL {2}Call-notification route: POST ${url}/api/calls without a token → 404: nothing serves /api/calls there`));
      assert.match(report.text, /Webhook must be http:\/\/127\.0\.0\.1:\d+\/api\/calls/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('an unreachable base URL is explained (connection refused)', async () => {
    const { url, server } = await notFoundServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const report = await doctor({ STORAGE: 'memory', PUBLIC_BASE_URL: url });
    assert.equal(statusOf(report, 'calls-route'), 'FAIL');
    assert.match(report.text, /nothing accepts connections at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  test('bad storage (DATA_DIR is a file): FAIL explaining DATA_DIR', async () => {
    const file = path.join(tmp, 'not-a-folder');
    writeFileSync(file, 'x');
    const report = await doctor({ STORAGE: 'file', DATA_DIR: file });
    assert.equal(statusOf(report, 'storage'), 'FAIL', report.text);
    assert.equal(report.exitCode, 1);
    assert.match(report.text, /FAIL {2}Storage: file storage in .*not-a-folder: opening failed: DATA_DIR .*not-a-folder is a file \(or inside one\), not a folder/);
    assert.match(report.text, /set DATA_DIR to a writable folder/);
    // The doctor's own bot keeps its state in memory, so the other checks still ran.
    assert.equal(statusOf(report, 'calls-route'), 'OK');
  });

  test('a wrong client secret (--simulate wrong-secret): FAIL with AADSTS7000215 and the secret-reset fix; dependent checks skipped', async () => {
    const report = await doctor({ STORAGE: 'memory' }, { simulate: [{ kind: 'wrong-secret' }] });
    assert.equal(statusOf(report, 'graph-token'), 'FAIL');
    assert.match(report.text, /the client secret was refused: AADSTS7000215: Invalid client secret provided\./);
    assert.match(report.text, /az ad app credential reset --id 9e0c1b7a-3f2d-4c5e-8a6b-1d2e3f4a5b6c --display-name incident-bridge --append/);
    assert.equal(statusOf(report, 'graph-permissions'), 'SKIP');
    assert.equal(statusOf(report, 'access-policy'), 'SKIP');
  });
});

describe('npm run doctor: configuration', () => {
  test('a config error: FAIL naming the variable, the other checks skipped, exit 1', async () => {
    const report = await doctor({ PORT: 'abc' });
    assert.equal(statusOf(report, 'config'), 'FAIL');
    assert.match(report.text, /FAIL {2}Configuration: PORT: must be a whole number, got "abc"/);
    assert.ok(report.results.filter((r) => r.id !== 'config').every((r) => r.status === 'SKIP'));
    assert.equal(report.exitCode, 1);
  });

  test('a missing variable outside sandbox mode is named with where to find it', async () => {
    const report = await doctor({ SANDBOX: 'off', MicrosoftAppId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9' });
    assert.match(report.text, /FAIL {2}Configuration: GRAPH_TENANT_ID: is required outside sandbox mode/);
    assert.match(report.text, /az account show --query tenantId -o tsv/);
  });

  test('an http base URL outside sandbox mode: FAIL on PUBLIC_BASE_URL', async () => {
    const report = await doctor({
      MicrosoftAppId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      MicrosoftAppPassword: 'Zx8Q~not-a-real-secret-value.123',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58',
      PUBLIC_BASE_URL: 'http://bridge.contoso.com',
    });
    assert.equal(statusOf(report, 'config'), 'FAIL');
    assert.match(report.text, /FAIL {2}Configuration: PUBLIC_BASE_URL: must be an https:\/\/ URL outside sandbox mode/);
    assert.match(report.text, /set PUBLIC_BASE_URL to the https:\/\/ root address/);
    assert.equal(report.exitCode, 1);
    // and the URL check itself refuses http for a real tenant
    assert.equal(checkPublicUrl({ baseUrl: 'http://bridge.contoso.com', mode: 'production' }).status, 'FAIL');
    assert.equal(checkPublicUrl({ baseUrl: 'https://localhost:3978', mode: 'production' }).status, 'FAIL');
    assert.equal(checkPublicUrl({ baseUrl: 'https://bridge.contoso.com', mode: 'production' }).status, 'OK');
  });
});

describe('npm run doctor never prints a secret', () => {
  const SECRET = 'Zx8Q~s3cr3t-Value.With_Parts-0123456789';
  const ACCOUNT_KEY = 'c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cw==';

  test('sandbox mode with configured secrets, including a refused one', async () => {
    const env = { SANDBOX: 'on', STORAGE: 'memory', MicrosoftAppPassword: SECRET, GRAPH_CLIENT_SECRET: SECRET };
    for (const simulate of [[], [{ kind: 'wrong-secret' as const }]]) {
      const report = await doctor(env, { simulate });
      assert.ok(!report.text.includes(SECRET), report.text);
      assert.doesNotMatch(report.text, /eyJ[\w-]+\.[\w-]+\./, 'no token either');
    }
  });

  test('production mode: token, Graph and storage errors that echo secrets are masked', async () => {
    const sandbox = await startGraphSandbox();
    try {
      const appId = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
      const env = {
        MicrosoftAppId: appId,
        MicrosoftAppPassword: SECRET,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: sandbox.tenantId,
        PUBLIC_BASE_URL: 'https://127.0.0.1:9',
        MEETING_ORGANIZER_ID: MEGAN_BOWEN.id,
        STORAGE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=incidentbridge;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
        AZURE_STORAGE_CONTAINER: 'incidents',
      };
      sandbox.control.setClientSecret(appId, SECRET);
      const prepareTarget = async (config: ReturnType<typeof loadConfig>): Promise<DoctorTarget> => ({
        mode: 'production',
        config: { ...config, graph: { ...config.graph, baseUrl: sandbox.url, caCertificatePem: sandbox.caCertificatePem } },
        createCredential: () => msalAt(sandbox, SECRET, appId),
        notes: [],
        secrets: [],
        close: async () => undefined,
      });
      const report = await doctor(env, {}, {
        prepareTarget,
        createStorage: async (cfg) => {
          throw new Error(`cannot open container with ${cfg.blobConnectionString ?? ''} (secret ${SECRET})`);
        },
        fetch: async () => {
          throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ECONNREFUSED (${SECRET})`), { code: 'ECONNREFUSED' }) });
        },
      });
      assert.equal(statusOf(report, 'graph-token'), 'OK', report.text);
      assert.equal(statusOf(report, 'access-policy'), 'OK');
      assert.equal(statusOf(report, 'public-url'), 'FAIL', 'a private address cannot be reached by Graph');
      assert.equal(statusOf(report, 'storage'), 'FAIL');
      assert.match(report.text, /MicrosoftAppPassword set/);
      assert.ok(!report.text.includes(SECRET), report.text);
      assert.ok(!report.text.includes(ACCOUNT_KEY), report.text);
      assert.match(report.text, /opening failed: cannot open container with \*\*\*\* \(secret \*\*\*\*\)/);
      assert.doesNotMatch(report.text, /eyJ[\w-]+\.[\w-]+\./);
    } finally {
      await sandbox.close();
    }
  });
  test('the masker: secret variables by name, connection-string keys, SAS signatures and JWTs', () => {
    const secrets = secretsOf({ MicrosoftAppPassword: SECRET, PORT: '3978', AZURE_STORAGE_CONNECTION_STRING: `AccountName=a;AccountKey=${ACCOUNT_KEY}` });
    assert.deepEqual(secrets.sort(), [`AccountName=a;AccountKey=${ACCOUNT_KEY}`, ACCOUNT_KEY, SECRET].sort());
    const mask = createMasker([]);
    assert.equal(mask('x AccountKey=abc123; y'), 'x AccountKey=****; y');
    assert.equal(mask('https://a.blob.core.windows.net/c?sv=1&sig=abcDEF%3D&se=2'), 'https://a.blob.core.windows.net/c?sv=1&sig=****&se=2');
    assert.equal(mask('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl'), 'Bearer <token>');
  });
});

describe('the sandbox token endpoint', () => {
  let sandbox: GraphSandbox;

  before(async () => {
    sandbox = await startGraphSandbox();
  });

  after(async () => {
    await sandbox.close();
  });

  test('ClientSecretCredential (pointed at the https authority, trusting its CA) gets a JWT whose roles are setAppRoles(), signed by the published keys', async () => {
    sandbox.control.reset();
    sandbox.control.setAppRoles(['User.Read.All', 'Calls.JoinGroupCall.All']);
    const credential = msalAt(sandbox, sandbox.clientSecret);
    const token = await credential.getToken(GRAPH_SCOPE);
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000);
    const keys = createRemoteJWKSet(new URL(`${sandbox.plainUrl}/${sandbox.tenantId}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(token.token, keys, { issuer: `https://sts.windows.net/${sandbox.tenantId}/`, audience: 'https://graph.microsoft.com' });
    assert.deepEqual(payload['roles'], ['User.Read.All', 'Calls.JoinGroupCall.All']);
    assert.equal(payload['appid'], SANDBOX_BOT_APP_ID);
    assert.equal(payload['tid'], sandbox.tenantId);
    assert.equal(payload['idtyp'], 'app');
    assert.equal(payload['appidacr'], '1');
    assert.equal(payload['ver'], '1.0');
    assert.equal(payload['oid'], payload.sub);
    assert.match(String(payload['oid']), /^[0-9a-f-]{36}$/);

    // cached by MSAL; a fresh credential sees new roles, and none means no claim at all
    assert.equal((await credential.getToken(GRAPH_SCOPE)).token, token.token);
    sandbox.control.setAppRoles([]);
    const none = await msalAt(sandbox, sandbox.clientSecret).getToken(GRAPH_SCOPE);
    assert.equal(decodeJwt(none.token)['roles'], undefined);
    // the request log never holds the secret
    assert.ok(sandbox.control.requests.every((r) => !JSON.stringify(r.body ?? null).includes(sandbox.clientSecret)));
  });

  test('a wrong secret gives AADSTS7000215 invalid_client, as Entra answers', async () => {
    sandbox.control.reset();
    await assert.rejects(msalAt(sandbox, 'a-wrong-secret').getToken(GRAPH_SCOPE), (e: unknown) => {
      // @azure/identity turns Entra's 401 invalid_client into AuthenticationRequiredError (an AuthenticationError would be a 400)
      assert.ok(e instanceof AuthenticationRequiredError || e instanceof AuthenticationError);
      assert.match(e.message, /AADSTS7000215: Invalid client secret provided\./);
      return true;
    });
    const ok = await msalAt(sandbox, sandbox.clientSecret).getToken(GRAPH_SCOPE);
    assert.ok(ok.token.length > 100);
  });

  test('unknown client, bad scope, missing secret, unknown tenant: Entra error codes', async () => {
    sandbox.control.reset();
    const post = async (form: Record<string, string>, tenant = sandbox.tenantId): Promise<{ status: number; body: { error: string; error_codes: number[]; error_description: string } }> => {
      const res = await fetch(`${sandbox.plainUrl}/${tenant}/oauth2/v2.0/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      return { status: res.status, body: (await res.json()) as { error: string; error_codes: number[]; error_description: string } };
    };
    const base = { grant_type: 'client_credentials', client_id: SANDBOX_BOT_APP_ID, client_secret: 's', scope: GRAPH_SCOPE };
    const unknown = await post({ ...base, client_id: '11111111-2222-3333-4444-555555555555' });
    assert.deepEqual([unknown.status, unknown.body.error, unknown.body.error_codes], [400, 'unauthorized_client', [700016]]);
    const scope = await post({ ...base, scope: 'User.Read' });
    assert.deepEqual([scope.status, scope.body.error, scope.body.error_codes], [400, 'invalid_scope', [1002012]]);
    const noSecret = await post({ grant_type: 'client_credentials', client_id: SANDBOX_BOT_APP_ID, scope: GRAPH_SCOPE });
    assert.deepEqual([noSecret.status, noSecret.body.error, noSecret.body.error_codes], [401, 'invalid_client', [7000218]]);
    const tenant = await post(base, 'contoso.invalid');
    assert.deepEqual([tenant.status, tenant.body.error_codes], [400, [90002]]);
    assert.match(unknown.body.error_description, /^AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });

  test('@azure/identity (MSAL) refuses an http authority; over https it reads the metadata and posts to its token_endpoint', async () => {
    sandbox.control.reset();
    assert.throws(
      () => new ClientSecretCredential(sandbox.tenantId, SANDBOX_BOT_APP_ID, 'x', { authorityHost: sandbox.plainUrl, disableInstanceDiscovery: true }),
      /The authorityHost address must use the 'https' protocol/,
    );
    sandbox.control.setAppRoles(['OnlineMeetings.ReadWrite.All']);
    const token = await msalAt(sandbox, sandbox.clientSecret).getToken(GRAPH_SCOPE);
    assert.deepEqual(decodeJwt(token.token)['roles'], ['OnlineMeetings.ReadWrite.All']);
    const paths = sandbox.control.requests.map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.includes(`GET /${sandbox.tenantId}/v2.0/.well-known/openid-configuration`), paths.join(', '));
    assert.ok(paths.includes(`POST /${sandbox.tenantId}/oauth2/v2.0/token`), paths.join(', '));
  });
});

/** The production credential for the sandbox's app registration (graphCredential builds the same). */
function msalAt(sandbox: GraphSandbox, secret: string, clientId = SANDBOX_BOT_APP_ID): ClientSecretCredential {
  return new ClientSecretCredential(sandbox.tenantId, clientId, secret, { authorityHost: sandbox.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: sandbox.caCertificatePem } });
}

describe('doctor arguments', () => {
  test('--organizer and --simulate, inline or separate', () => {
    assert.deepEqual(parseDoctorArgs(['--organizer', MEGAN_BOWEN.id, '--simulate=missing-role:User.Read.All,missing-policy']), {
      kind: 'run',
      organizerId: MEGAN_BOWEN.id,
      simulate: [{ kind: 'missing-role', role: 'User.Read.All' }, { kind: 'missing-policy' }],
    });
    assert.deepEqual(parseDoctorArgs([]), { kind: 'run', simulate: [] });
    assert.deepEqual(parseDoctorArgs(['--help']), { kind: 'help' });
  });

  test('usage errors', () => {
    assert.equal(parseDoctorArgs(['--organizer', 'meganb@contoso.com']).kind, 'error');
    assert.equal(parseDoctorArgs(['--simulate', 'missing-everything']).kind, 'error');
    assert.equal(parseDoctorArgs(['--simulate', 'missing-policy:x']).kind, 'error');
    assert.equal(parseDoctorArgs(['--verbose']).kind, 'error');
  });

  test('the doctor and the sandbox agree on the permissions the bot needs', () => {
    assert.deepEqual([...DEFAULT_APP_ROLES].sort(), NEEDED_GRAPH_PERMISSIONS.map((p) => p.role).sort());
  });
});
