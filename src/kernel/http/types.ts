import type { Role } from '../access/policy.js';
import type { Translator } from '../i18n/i18n.js';

export interface CurrentUser {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  displayName: string;
  roles: Role[];
  totpEnrolled: boolean;
}

declare module 'fastify' {
  interface Session {
    userId?: string;
    /** Set between a correct password and the second factor. */
    pendingUserId?: string;
    createdAt?: number;
    lastSeenAt?: number;
    /** One-shot message for the next page, as a message key. */
    flash?: { kind: 'success' | 'info' | 'warning'; key: string };
    /** Where to go after login. */
    next?: string;
    /** TOTP secret proposed during enrolment, sealed, until the operator confirms a code. */
    enrolSecret?: string;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    tr: Translator;
  }
}
