// Field encryption for direct identifiers (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).
// Format of a sealed value: "v2.<key id>.<iv b64url>.<ciphertext+tag b64url>", where the key id is derived
// from the key (so several keys can coexist during a rotation); values written before key ids existed
// are "v1.<iv>.<body>" and are tried with every known key. The associated data binds a value to its
// place ("table:column:id"): a ciphertext copied into another row or column does not decrypt.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export interface FieldCrypto {
  seal(plain: string, place: string): string;
  open(sealed: string, place: string): string;
  blindIndex(value: string, purpose: string): string;
  /** Whether a sealed value was made with another key than the current one (a rotation re-seals it). */
  isStale(sealed: string): boolean;
}

/** A key's public id: 8 characters of its SHA-256, enough to pick the key, useless to guess it. */
export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('base64url').slice(0, 8);

export function normalizeForIndex(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function openWith(key: Buffer, ivText: string, bodyText: string, place: string): string {
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(place));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
}

export function createFieldCrypto(keys: { encryptionKey: Buffer; previousEncryptionKeys?: readonly Buffer[]; blindIndexKey: Buffer }): FieldCrypto {
  const all = [keys.encryptionKey, ...(keys.previousEncryptionKeys ?? [])];
  if (all.some((k) => k.length !== 32) || keys.blindIndexKey.length !== 32) {
    throw new Error('Field keys must be 32 bytes');
  }
  const currentId = keyId(keys.encryptionKey);
  const byId = new Map(all.map((k) => [keyId(k), k]));
  return {
    seal(plain, place) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
      cipher.setAAD(Buffer.from(place));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v2.${currentId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, place) {
      const parts = sealed.split('.');
      if (parts[0] === 'v2' && parts.length === 4) {
        const key = byId.get(parts[1]!);
        if (!key) throw new Error('Sealed with a key that is not configured');
        return openWith(key, parts[2]!, parts[3]!, place);
      }
      if (parts[0] === 'v1' && parts.length === 3) {
        for (const [i, key] of all.entries()) {
          try {
            return openWith(key, parts[1]!, parts[2]!, place);
          } catch (err) {
            if (i === all.length - 1) throw err;
          }
        }
      }
      throw new Error('Unknown sealed value format');
    },
    isStale(sealed) {
      return !sealed.startsWith(`v2.${currentId}.`);
    },
    blindIndex(value, purpose) {
      return createHmac('sha256', keys.blindIndexKey).update(`${purpose}\u0000${normalizeForIndex(value)}`).digest('base64url');
    },
  };
}
