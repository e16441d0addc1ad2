// Time-based one-time passwords (RFC 6238, 30 s, 6 digits), as authenticator apps expect them.
// The last accepted time step is stored, so a code cannot be used twice.
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string, issuer = 'Ponte'): string {
  return generateURI({ issuer, label: account, secret });
}

/** The QR code as inline SVG markup (no image request, nothing from a third party). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** Accepts the current code or the one before (clock drift); returns the time step to remember. */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: [30, 0],
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? (result.timeStep as number) : null;
  } catch {
    return null;
  }
}
