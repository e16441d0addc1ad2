import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret of 256 bits (session ids, invitation and reset links). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of a token: a copy of the table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
