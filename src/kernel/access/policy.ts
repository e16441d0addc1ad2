// Who may do what: the one place where roles meet permissions. Every route names one permission;
// a test checks every role against every route (test/permission-matrix.test.ts).

export const ROLES = [
  'admin',
  'prefettura_official',
  'desk_operator',
  'service_operator',
  'mediator_coordinator',
  'mediator',
  'reception_inspector',
  'managing_body_operator',
  'questura_officer',
  'labour_officer',
  'trainer',
  'analyst',
  'directory_editor',
  'directory_publisher',
  'dpo',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose work shows personal data: their accounts cannot sign in without a second factor. */
export const ROLES_REQUIRING_TOTP: ReadonlySet<Role> = new Set<Role>([
  'admin',
  'prefettura_official',
  'desk_operator',
  'service_operator',
  'mediator_coordinator',
  'mediator',
  'reception_inspector',
  'managing_body_operator',
  'questura_officer',
  'labour_officer',
  'trainer',
  'dpo',
]);

/** Permission → the roles that hold it. Adding a permission here is the only way to make a route reachable. */
const GRANTS = {
  'admin.users.manage': ['admin'],
  'admin.organizations.manage': ['admin'],
  'audit.read': ['admin', 'dpo'],
  // Directory: editors keep their own organization's services; the Prefettura's team reviews and publishes.
  'directory.edit': ['directory_editor', 'directory_publisher'],
  'directory.publish': ['directory_publisher'],
  // Desk: the orientation desks (Prefettura, CPI) keep people, contacts, needs, consent and cases.
  'desk.people': ['desk_operator'],
  // Integrated case handling: a case's team spans organizations (desks, social services, health, schools);
  // which case an operator sees is decided per record (desk/cases.repo.ts), never by the role alone.
  'desk.cases': ['desk_operator', 'service_operator'],
  // The desk's figures: aggregates only, never a cell under five people.
  'desk.figures': ['desk_operator', 'prefettura_official', 'analyst'],
  // Whose figures: the whole province or any organization's; without it, only one's own organization's.
  'desk.figures.province': ['prefettura_official', 'analyst'],
  // The data protection officer reviews every "break the glass" access to a person's record.
  'desk.access_review': ['dpo'],
  // Referrals: an organization's inbox of people sent to its services, and the loop of those it sent.
  'referrals.inbox': ['desk_operator', 'service_operator'],
  // Mediators (docs/adr/0014-mediation-requests.md): the coordinator keeps the roster and assigns every
  // request; a mediator keeps their own availability and sees their own assignments; the operators of
  // schools, health and social services, the Prefettura, the Questura, job centres and reception centres
  // ask for mediation and see their own organization's requests. Which request one sees is decided per record.
  'mediators.roster': ['mediator_coordinator'],
  'mediators.own': ['mediator'],
  'mediators.ask': ['desk_operator', 'service_operator', 'prefettura_official', 'questura_officer', 'managing_body_operator'],
  'mediators.requests': ['mediator_coordinator', 'mediator', 'desk_operator', 'service_operator', 'prefettura_official', 'questura_officer', 'managing_body_operator'],
  // How mediation is used: hours, unmet requests by language, time to assignment. No person is named.
  'mediators.figures': ['mediator_coordinator', 'prefettura_official', 'analyst'],
  // Reception (ADR 0015): the centres, seen by the Prefettura's oversight (officials, inspectors) and by
  // managing bodies' operators — who see only the centres their organization runs (reception.repo.ts).
  'reception.centres': ['prefettura_official', 'reception_inspector', 'managing_body_operator'],
  // Registering centres and their contracts, accepting or sending back documents: the Prefettura's officials.
  'reception.centres.manage': ['prefettura_official'],
  'reception.documents.review': ['prefettura_official'],
  // What a managing body reports: presences (register or on screen), documents, answers to findings.
  'reception.report': ['managing_body_operator'],
  // Inspections: visits, checklists, findings, follow-ups.
  'reception.inspect': ['reception_inspector'],
  // The dashboard's figures per centre (no guest codes): oversight and the observatory's analysts.
  'reception.dashboard': ['prefettura_official', 'reception_inspector', 'analyst'],
} as const satisfies Record<string, readonly Role[]>;

export type GrantedPermission = keyof typeof GRANTS;
/**
 * 'public': anyone, no login. 'signed-in': any operator who completed login (both factors where required).
 * 'login-in-progress': an operator between password and second factor (only the login steps use it).
 */
export type Permission = GrantedPermission | 'public' | 'signed-in' | 'login-in-progress';

export const PERMISSIONS: readonly Permission[] = [
  'public',
  'signed-in',
  'login-in-progress',
  ...(Object.keys(GRANTS) as GrantedPermission[]),
];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether any of these roles holds a granted permission. */
export function rolesHold(roles: readonly Role[], permission: GrantedPermission): boolean {
  const holders: readonly Role[] = GRANTS[permission];
  return roles.some((r) => holders.includes(r));
}

export function requiresTotp(roles: readonly Role[]): boolean {
  return roles.some((r) => ROLES_REQUIRING_TOTP.has(r));
}

export function grantsOf(permission: GrantedPermission): readonly Role[] {
  return GRANTS[permission];
}
