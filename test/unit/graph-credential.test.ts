/**
 * The production credentials (@azure/identity), as graphCredential builds them from config, against the sandbox's
 * https authority: client secret and client certificate (a PEM with certificate and RSA key, as
 * GRAPH_CLIENT_CERTIFICATE_PATH takes it) both get Graph tokens; GRAPH_AUTHORITY_HOST must be https.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as x509 from '@peculiar/x509';
import { decodeJwt } from 'jose';
import { loadConfig } from '../../src/config';
import { graphCredential } from '../../src/graph/credential';
import { sandboxConfig } from '../../src/sandbox-mode';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';

let sandbox: GraphSandbox;
let dir: string;
before(async () => {
  sandbox = await startGraphSandbox();
  dir = mkdtempSync(path.join(tmpdir(), 'graph-credential-'));
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const SCOPE = 'https://graph.microsoft.com/.default';

test('client secret: ClientSecretCredential through the authority host, trusting its CA', async () => {
  const config = sandboxConfig(loadConfig({ SANDBOX: 'on', LOG_LEVEL: 'silent' }), sandbox);
  const token = await graphCredential(config.graph).getToken(SCOPE);
  assert.ok(token); assert.equal(decodeJwt(token.token)['appidacr'], '1');
});

test('client certificate: ClientCertificateCredential (a client assertion) from a PEM file', async () => {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), alg, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=incident-bridge test', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: alg });
  const pemPath = path.join(dir, 'app.pem');
  writeFileSync(pemPath, `${cert.toString('pem')}\n${privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}`);
  const base = sandboxConfig(loadConfig({ SANDBOX: 'on', LOG_LEVEL: 'silent' }), sandbox);
  const token = await graphCredential({ ...base.graph, credential: 'clientCertificate', certificatePath: pemPath }).getToken(SCOPE);
  assert.ok(token); assert.equal(decodeJwt(token.token)['appidacr'], '2');
  const form = sandbox.control.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).at(-1)?.body as Record<string, string>;
  assert.equal(form['client_assertion_type'], 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  assert.equal(form['client_assertion'], '[redacted]');
});

test('GRAPH_AUTHORITY_HOST must be https; GRAPH_CA_CERTIFICATE_PATH must hold a certificate', () => {
  assert.throws(() => loadConfig({ SANDBOX: 'on', GRAPH_AUTHORITY_HOST: 'http://login.example' }), /GRAPH_AUTHORITY_HOST/);
  const notPem = path.join(dir, 'not.pem');
  writeFileSync(notPem, 'hello');
  assert.throws(() => loadConfig({ SANDBOX: 'on', GRAPH_CA_CERTIFICATE_PATH: notPem }), /GRAPH_CA_CERTIFICATE_PATH/);
  const caPath = path.join(dir, 'ca.pem');
  writeFileSync(caPath, sandbox.caCertificatePem);
  const config = loadConfig({ SANDBOX: 'on', GRAPH_AUTHORITY_HOST: sandbox.authorityHost, GRAPH_CA_CERTIFICATE_PATH: caPath });
  assert.equal(config.graph.authorityHost, sandbox.authorityHost);
  assert.equal(config.graph.caCertificatePem, sandbox.caCertificatePem);
});
