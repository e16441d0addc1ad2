// Field encryption for direct identifiers (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).
// Format of a sealed value: "v1.<iv b64url>.<ciphertext+tag b64url>". The associated data binds a value
// to its place ("table:column:id"): a ciphertext copied into another row or column does not decrypt.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface FieldCrypto {
  seal(plain: string, place: string): string;
  open(sealed: string, place: string): string;
  blindIndex(value: string, purpose: string): string;
}

export function normalizeForIndex(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function createFieldCrypto(keys: { encryptionKey: Buffer; blindIndexKey: Buffer }): FieldCrypto {
  if (keys.encryptionKey.length !== 32 || keys.blindIndexKey.length !== 32) {
    throw new Error('Field keys must be 32 bytes');
  }
  return {
    seal(plain, place) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
      cipher.setAAD(Buffer.from(place));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, place) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== 'v1' || !ivText || !bodyText) throw new Error('Unknown sealed value format');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(place));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    },
    blindIndex(value, purpose) {
      return createHmac('sha256', keys.blindIndexKey).update(`${purpose}\u0000${normalizeForIndex(value)}`).digest('base64url');
    },
  };
}
