// The signed file a UPT on its own installation sends up instead of a network link (issue 18): its
// final monthly report exactly as frozen, the hash of that content, and an HMAC-SHA256 signature made
// with the key the central installation issued to that UPT. The centre, which issued the key, checks
// the signature; a changed byte, another unit's key or a revoked key is refused.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SIGNED_FORMAT = 'lumbung-laporan-bulanan';
const CREDENTIAL_PREFIX = 'lumbung-kunci:';

export interface SignedReport {
  format: typeof SIGNED_FORMAT;
  version: 1;
  unitCode: string;
  month: string;
  keyId: string;
  finalisedAt: string;
  /** The final report's stored snapshot, byte for byte. */
  snapshot: string;
  /** sha256 (hex) of `snapshot` */
  contentHash: string;
  /** HMAC-SHA256 (hex) of the signed line (signedLine) with the unit's key */
  signature: string;
}

/** What the key issued to a UPT holds: the key to sign with, and the token to push with. */
export interface Credential {
  unitCode: string;
  keyId: string;
  secret: string;
  token: string;
}

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function signedLine(f: Omit<SignedReport, 'signature' | 'snapshot'>): string {
  return [f.format, f.version, f.unitCode, f.month, f.keyId, f.finalisedAt, f.contentHash].join('\n');
}

const hmac = (secret: string, line: string) => createHmac('sha256', Buffer.from(secret, 'base64url')).update(line, 'utf8').digest('hex');

export function signReport(c: Credential, r: { month: string; finalisedAt: string; snapshot: string }): SignedReport {
  const body = {
    format: SIGNED_FORMAT as typeof SIGNED_FORMAT,
    version: 1 as const,
    unitCode: c.unitCode,
    month: r.month,
    keyId: c.keyId,
    finalisedAt: r.finalisedAt,
    contentHash: sha256(r.snapshot),
  };
  return { ...body, snapshot: r.snapshot, signature: hmac(c.secret, signedLine(body)) };
}

/** Whether the signature was made with `secret` over this file's fields, and the hash is the content's. */
export function signatureHolds(f: SignedReport, secret: string): boolean {
  const want = Buffer.from(hmac(secret, signedLine(f)), 'hex');
  const got = Buffer.from(f.signature, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

export const signedReportSchema = z.object({
  format: z.literal(SIGNED_FORMAT),
  version: z.literal(1),
  unitCode: z.string().min(1).max(20),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
  finalisedAt: z.string().min(10).max(40),
  snapshot: z.string().min(2).max(20_000_000),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A new key for a UPT: its id, the secret, and the push token (only the token's hash is kept). */
export function newKey(unitCode: string): Credential {
  return {
    unitCode,
    keyId: randomBytes(12).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
    token: randomBytes(24).toString('base64url'),
  };
}

/** The credential as one line for the UPT's admin to paste. */
export function credentialText(c: Credential): string {
  return CREDENTIAL_PREFIX + Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

const credentialSchema = z.object({
  unitCode: z.string().min(1).max(20),
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
  secret: z.string().regex(/^[A-Za-z0-9_-]{40,60}$/),
  token: z.string().regex(/^[A-Za-z0-9_-]{24,60}$/),
});

/** The credential a UPT's admin pasted, or null when it is not one. */
export function readCredential(text: string): Credential | null {
  const t = text.trim();
  if (!t.startsWith(CREDENTIAL_PREFIX)) return null;
  try {
    const parsed = credentialSchema.safeParse(JSON.parse(Buffer.from(t.slice(CREDENTIAL_PREFIX.length), 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
