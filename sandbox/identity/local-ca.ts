/**
 * A certificate authority made at start-up (ECDSA P-256, so it takes milliseconds) and one server certificate it
 * signs for the loopback names (127.0.0.1, ::1, localhost). The sandbox serves Graph and its Entra-style
 * authority over https with it, so the bot runs its production TLS path; the bot trusts only the CA's PEM, which
 * `GET /_sandbox` publishes (`caCertificatePem`). Nothing is written to disk; a new CA every run.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface LocalTls {
  /** PEM of the CA certificate: what a client adds to its trust store. */
  readonly caCertificatePem: string;
  /** PEM of the server certificate (signed by the CA) and of its private key (PKCS#8), for https.createServer. */
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

function keyPem(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END PRIVATE KEY-----\n`;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

export async function createLocalTls(hostNames: readonly string[] = ['localhost'], ips: readonly string[] = ['127.0.0.1', '::1']): Promise<LocalTls> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + 30 * DAY_MS);
  const caKeys = await keyPair();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=incident-bridge sandbox CA (generated at start-up)',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = await keyPair();
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${hostNames[0] ?? 'localhost'}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...hostNames.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return {
    caCertificatePem: ca.toString('pem'),
    certificatePem: server.toString('pem'),
    privateKeyPem: keyPem(await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey)),
  };
}
