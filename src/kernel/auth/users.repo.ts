// The only place with queries about operators, their organizations, roles and one-time tokens.
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations, userRoles, users, userTokens } from '../db/kernel.schema.js';
import { isRole, type Role } from '../access/policy.js';
import { hashToken, newToken } from '../crypto/tokens.js';

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

export interface UserWithRoles extends UserRow {
  roles: Role[];
  organizationName: string;
}

export const usersRepo = {
  async findByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
    const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
    return row;
  },

  /** The operator, their organization's name and their roles, in one statement (it runs on every request). */
  async findWithRoles(db: DbOrTx, id: string): Promise<UserWithRoles | undefined> {
    const [row] = await db
      .select({
        user: users,
        organizationName: organizations.name,
        roles: sql<string[]>`coalesce((SELECT array_agg(r.role) FROM user_roles r WHERE r.user_id = ${users.id}), '{}')`,
      })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(users.id, id))
      .limit(1);
    if (!row) return undefined;
    return { ...row.user, organizationName: row.organizationName, roles: row.roles.filter(isRole).sort() };
  },

  async listWithRoles(db: DbOrTx): Promise<UserWithRoles[]> {
    const rows = await db
      .select({
        user: users,
        organizationName: organizations.name,
        roles: sql<string[]>`coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = ${users.id}), '{}')`,
      })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .orderBy(asc(organizations.name), asc(users.displayName));
    return rows.map((r) => ({ ...r.user, organizationName: r.organizationName, roles: r.roles.filter(isRole) }));
  },

  async create(
    db: DbOrTx,
    input: { email: string; displayName: string; organizationId: string; roles: Role[]; locale: string; status?: 'invited' | 'active'; passwordHash?: string },
  ): Promise<UserRow> {
    const [row] = await db
      .insert(users)
      .values({
        email: input.email.trim().toLowerCase(),
        displayName: input.displayName,
        organizationId: input.organizationId,
        locale: input.locale,
        status: input.status ?? 'invited',
        passwordHash: input.passwordHash ?? null,
        passwordChangedAt: input.passwordHash ? new Date() : null,
      })
      .returning();
    await usersRepo.setRoles(db, row!.id, input.roles);
    return row!;
  },

  async setRoles(db: DbOrTx, userId: string, roles: Role[]): Promise<void> {
    await db.delete(userRoles).where(eq(userRoles.userId, userId));
    if (roles.length > 0) await db.insert(userRoles).values(roles.map((role) => ({ userId, role })));
  },

  async update(db: DbOrTx, userId: string, patch: Partial<typeof users.$inferInsert>): Promise<void> {
    await db.update(users).set(patch).where(eq(users.id, userId));
  },

  /** Counts a failed attempt; the fifth in a row locks the account for 15 minutes. */
  async recordFailure(db: DbOrTx, userId: string, maxFailures = 5, lockMinutes = 15): Promise<{ locked: boolean }> {
    const [row] = await db
      .update(users)
      .set({
        failedLogins: sql`${users.failedLogins} + 1`,
        lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${maxFailures} THEN now() + make_interval(mins => ${lockMinutes}) ELSE ${users.lockedUntil} END`,
      })
      .where(eq(users.id, userId))
      .returning({ lockedUntil: users.lockedUntil });
    return { locked: !!row?.lockedUntil && row.lockedUntil > new Date() };
  },

  async listOrganizations(db: DbOrTx): Promise<OrganizationRow[]> {
    return db.select().from(organizations).orderBy(asc(organizations.name));
  },

  async findOrganization(db: DbOrTx, id: string): Promise<OrganizationRow | undefined> {
    const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
    return row;
  },

  async createOrganization(db: DbOrTx, input: { name: string; kind: string; municipalityCode?: string | null }): Promise<OrganizationRow> {
    const [row] = await db
      .insert(organizations)
      .values({ name: input.name, kind: input.kind, municipalityCode: input.municipalityCode ?? null })
      .returning();
    return row!;
  },

  /** A one-time link secret; only its hash is stored. Earlier unused tokens of the same purpose stop working. */
  async issueToken(db: DbOrTx, userId: string, purpose: 'invitation' | 'password_reset', validMinutes: number): Promise<string> {
    const token = newToken();
    await db
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
    await db.insert(userTokens).values({
      tokenHash: hashToken(token),
      userId,
      purpose,
      expiresAt: new Date(Date.now() + validMinutes * 60_000),
    });
    return token;
  },

  /** The user a valid, unused token belongs to. */
  async findByToken(db: DbOrTx, token: string, purpose: 'invitation' | 'password_reset'): Promise<UserRow | undefined> {
    const [row] = await db
      .select({ user: users })
      .from(userTokens)
      .innerJoin(users, eq(users.id, userTokens.userId))
      .where(
        and(
          eq(userTokens.tokenHash, hashToken(token)),
          eq(userTokens.purpose, purpose),
          isNull(userTokens.usedAt),
          gt(userTokens.expiresAt, new Date()),
        ),
      )
      .limit(1);
    return row?.user;
  },

  async useToken(db: DbOrTx, token: string): Promise<boolean> {
    const rows = await db
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(userTokens.tokenHash, hashToken(token)), isNull(userTokens.usedAt)))
      .returning({ userId: userTokens.userId });
    return rows.length === 1;
  },
};
