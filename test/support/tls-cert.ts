// A throwaway certificate for tests, made in the test with the selfsigned package (node's own
// WebCrypto: no openssl needed on the machine): self-signed, for localhost and 127.0.0.1, with its
// SPKI hash (what Chromium's --ignore-certificate-errors-spki-list takes).
import { createHash, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TestCert {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  /** base64 SHA-256 of the certificate's public key (SubjectPublicKeyInfo, DER). */
  spkiHash: string;
}

export async function makeTestCert(dir: string, name = 'server'): Promise<TestCert> {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 2 * 86_400_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert);
  const cert = fs.readFileSync(certFile);
  const spki = createPublicKey(cert).export({ type: 'spki', format: 'der' });
  return { certFile, keyFile, cert, spkiHash: createHash('sha256').update(spki).digest('base64') };
}
