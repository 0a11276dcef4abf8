// The certificate and key for serving HTTPS directly (TLS_CERT_FILE, TLS_KEY_FILE): read and
// checked once at start, so a wrong file stops the server with one line naming it instead of a
// stack trace from inside node's https module on the first connection.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import { ConfigError, type Config } from '../config.ts';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** When the (first) certificate stops being accepted by browsers. */
  validTo: Date;
}

function readPem(file: string, variable: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    const why = code === 'ENOENT' ? 'berkas tidak ada' : code === 'EACCES' || code === 'EPERM' ? 'tidak ada izin membaca' : code;
    throw new ConfigError(`${variable} "${file}" tidak dapat dibaca (${why}).`);
  }
}

export function readTlsFiles({ certFile, keyFile }: NonNullable<Config['tls']>): TlsFiles {
  const cert = readPem(certFile, 'TLS_CERT_FILE');
  const key = readPem(keyFile, 'TLS_KEY_FILE');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new ConfigError(`TLS_CERT_FILE "${certFile}" bukan sertifikat PEM (harus diawali -----BEGIN CERTIFICATE-----).`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new ConfigError(
      `TLS_KEY_FILE "${keyFile}" bukan kunci privat PEM yang dapat dibaca (kunci yang dilindungi kata sandi tidak dapat dipakai).`,
    );
  }
  const mismatch = new ConfigError(
    `sertifikat TLS_CERT_FILE "${certFile}" dan kunci TLS_KEY_FILE "${keyFile}" bukan pasangan. ` +
      'Pakai kunci yang dipakai saat sertifikat itu dibuat.',
  );
  if (!x509.checkPrivateKey(privateKey)) throw mismatch;
  try {
    // What the https server itself will do with them: anything it refuses is refused here.
    tls.createSecureContext({ cert, key });
  } catch (err) {
    throw new ConfigError(
      `sertifikat "${certFile}" dan kunci "${keyFile}" tidak dapat dipakai untuk HTTPS (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  return { cert, key, validTo: new Date(x509.validTo) };
}
