// Passwords: argon2id with OWASP's minimum cost (m=19456 KiB, t=2, p=1). Policy per ASVS V2.1: at least
// 12 characters, up to 128, any character, no composition rules, not a well-known password, not the e-mail.
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

const COST = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), COST);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Without a stored hash, verify against a fixed one anyway, so that timing does not tell which accounts exist.
  const target = stored ?? DUMMY_HASH;
  try {
    const ok = await verify(target, password.normalize('NFC'));
    return stored !== null && ok;
  } catch {
    return false;
  }
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$pL4ZDl/MAljw3CqAYNq8Kw$5oSmRJdzswAqGuwtaEXG75G93HMwDtbwGcy+zefSCc4';

const COMMON = new Set([
  'password1234', '123456789012', 'qwertyuiop12', 'passwordpassword', 'iloveyou1234', 'password12345',
  'abcdefghijkl', '111111111111', '000000000000', 'qwertyqwerty', 'passw0rd1234', 'ponteponte12',
  'prefettura12', 'prefettura2026', 'benvenuto123', 'password2026', 'cambiami1234', 'administrator',
]);

export const ZNewPassword = z
  .string()
  .min(12, { message: 'validation.passwordTooShort' })
  .max(128, { message: 'validation.passwordTooLong' })
  .refine((p) => !COMMON.has(p.toLowerCase()), { message: 'validation.passwordTooCommon' });

export function passwordContainsEmail(password: string, email: string): boolean {
  const local = email.split('@')[0] ?? '';
  return local.length >= 4 && password.toLowerCase().includes(local.toLowerCase());
}
