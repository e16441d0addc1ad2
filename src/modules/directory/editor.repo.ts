// Queries of the directory back office. Every query about services takes the operator and applies the
// record scope: an editor sees the services of the directory organizations their own organization keeps
// (dir_organizations.owner_organization_id); the directory team (directory.publish) sees every service.
import { and, asc, desc, eq, gt, ilike, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../kernel/db/client.js';
import { rolesHold, type Role } from '../../kernel/access/policy.js';
import { users } from '../../kernel/db/kernel.schema.js';
import {
  dirOrganizations,
  metadata,
  municipalities,
  PUBLICATION_STATUSES,
  publishedServices,
  reports,
  services,
  taxonomyTerms,
} from './directory.schema.js';

export interface EditorUser {
  id: string;
  organizationId: string;
  displayName: string;
  roles: readonly Role[];
}

export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export type ServiceRow = typeof services.$inferSelect;
export type MetadataRow = typeof metadata.$inferSelect;
export type TermRow = typeof taxonomyTerms.$inferSelect;
export type MunicipalityRow = typeof municipalities.$inferSelect;

export const isPublisher = (user: EditorUser): boolean => rolesHold(user.roles, 'directory.publish');

/** The condition on dir_organizations that limits what this operator may see; none for the directory team. */
function scopeOf(user: EditorUser): SQL | undefined {
  return isPublisher(user) ? undefined : eq(dirOrganizations.ownerOrganizationId, user.organizationId);
}

const municipalityNames = sql<string | null>`(SELECT string_agg(DISTINCT m.name, ', ') FROM dir_service_at_locations sal
  JOIN dir_locations l ON l.id = sal.location_id JOIN municipalities m ON m.code = l.municipality_code
  WHERE sal.service_id = ${services.id})`;
const openReports = sql<number>`(SELECT count(*)::int FROM dir_reports r WHERE r.service_id = ${services.id} AND r.status = 'open')`;
const hasPublicVersion = sql<boolean>`EXISTS (SELECT 1 FROM dir_published_services p WHERE p.service_id = ${services.id})`;

export interface ServiceListRow {
  id: string;
  name: string;
  organizationName: string;
  municipalities: string | null;
  status: ServiceRow['status'];
  publicationStatus: PublicationStatus;
  lastVerifiedAt: Date | null;
  submittedAt: Date | null;
  updatedAt: Date;
  openReports: number;
  online: boolean;
}

const listColumns = {
  id: services.id,
  name: services.name,
  organizationName: dirOrganizations.name,
  municipalities: municipalityNames,
  status: services.status,
  publicationStatus: services.publicationStatus,
  lastVerifiedAt: services.lastVerifiedAt,
  submittedAt: services.submittedAt,
  updatedAt: services.updatedAt,
  openReports,
  online: hasPublicVersion,
};

export interface ServiceInScope extends ServiceRow {
  organizationName: string;
  online: boolean;
}

export interface ReportRow {
  id: string;
  serviceId: string;
  serviceName: string;
  kind: (typeof reports.$inferSelect)['kind'];
  message: string;
  locale: string;
  status: (typeof reports.$inferSelect)['status'];
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedByName: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const editorRepo = {
  async listServices(
    db: DbOrTx,
    user: EditorUser,
    filter: { publicationStatus?: PublicationStatus | undefined; q?: string | undefined; page: number; pageSize: number },
  ): Promise<{ rows: ServiceListRow[]; total: number }> {
    const where = and(
      scopeOf(user),
      filter.publicationStatus ? eq(services.publicationStatus, filter.publicationStatus) : undefined,
      filter.q ? ilike(services.name, `%${escapeLike(filter.q)}%`) : undefined,
    );
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(services)
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .where(where);
    const rows = await db
      .select(listColumns)
      .from(services)
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .where(where)
      .orderBy(asc(services.name), asc(services.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize);
    return { rows, total: count?.n ?? 0 };
  },

  /** A service the operator may see, or undefined: the caller answers 404 either way. */
  async findService(db: DbOrTx, user: EditorUser, id: string): Promise<ServiceInScope | undefined> {
    const [row] = await db
      .select({ service: services, organizationName: dirOrganizations.name, online: hasPublicVersion })
      .from(services)
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .where(and(eq(services.id, id), scopeOf(user)))
      .limit(1);
    return row ? { ...row.service, organizationName: row.organizationName, online: row.online } : undefined;
  },

  async listOrganizations(db: DbOrTx, user: EditorUser): Promise<{ id: string; name: string }[]> {
    return db
      .select({ id: dirOrganizations.id, name: dirOrganizations.name })
      .from(dirOrganizations)
      .where(scopeOf(user))
      .orderBy(asc(dirOrganizations.name));
  },

  async municipalities(db: DbOrTx): Promise<MunicipalityRow[]> {
    return db.select().from(municipalities).orderBy(asc(municipalities.name));
  },

  async findMunicipality(db: DbOrTx, code: string): Promise<MunicipalityRow | undefined> {
    const [row] = await db.select().from(municipalities).where(eq(municipalities.code, code)).limit(1);
    return row;
  },

  async terms(db: DbOrTx): Promise<TermRow[]> {
    return db.select().from(taxonomyTerms).orderBy(asc(taxonomyTerms.position), asc(taxonomyTerms.name));
  },

  /** The change history, newest first. */
  async history(db: DbOrTx, serviceId: string, since?: Date | null): Promise<MetadataRow[]> {
    return db
      .select()
      .from(metadata)
      .where(and(eq(metadata.resourceType, 'service'), eq(metadata.resourceId, serviceId), since ? gt(metadata.lastActionDate, since) : undefined))
      .orderBy(desc(metadata.lastActionDate), desc(metadata.fieldName));
  },

  /** Services waiting for the directory team, the longest waiting first. */
  async reviewQueue(db: DbOrTx): Promise<ServiceListRow[]> {
    return db
      .select(listColumns)
      .from(services)
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .where(eq(services.publicationStatus, 'in_review'))
      .orderBy(asc(services.submittedAt), asc(services.name));
  },

  /** Services in scope not confirmed for `months` months (or never), the oldest first; drafts and closed ones aside. */
  async verificationQueue(db: DbOrTx, user: EditorUser, months: number): Promise<ServiceListRow[]> {
    const cutoff = sql`now() - make_interval(months => ${months}::int)`;
    return db
      .select(listColumns)
      .from(services)
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .where(
        and(
          scopeOf(user),
          ne(services.publicationStatus, 'draft'),
          ne(services.status, 'defunct'),
          or(isNull(services.lastVerifiedAt), lt(services.lastVerifiedAt, cutoff)),
        ),
      )
      .orderBy(sql`${services.lastVerifiedAt} ASC NULLS FIRST`, asc(services.name));
  },

  /** Reports about the services in scope: open ones first, then the newest. */
  async reports(db: DbOrTx, user: EditorUser, serviceId?: string): Promise<ReportRow[]> {
    return db
      .select({
        id: reports.id,
        serviceId: reports.serviceId,
        serviceName: services.name,
        kind: reports.kind,
        message: reports.message,
        locale: reports.locale,
        status: reports.status,
        createdAt: reports.createdAt,
        resolvedAt: reports.resolvedAt,
        resolvedByName: users.displayName,
      })
      .from(reports)
      .innerJoin(services, eq(services.id, reports.serviceId))
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .leftJoin(users, eq(users.id, reports.resolvedBy))
      .where(and(scopeOf(user), serviceId ? eq(reports.serviceId, serviceId) : undefined))
      .orderBy(sql`CASE WHEN ${reports.status} = 'open' THEN 0 ELSE 1 END`, desc(reports.createdAt))
      .limit(500);
  },

  async findReport(db: DbOrTx, user: EditorUser, id: string): Promise<{ id: string; serviceId: string; status: ReportRow['status'] } | undefined> {
    const [row] = await db
      .select({ id: reports.id, serviceId: reports.serviceId, status: reports.status })
      .from(reports)
      .innerJoin(services, eq(services.id, reports.serviceId))
      .innerJoin(dirOrganizations, eq(dirOrganizations.id, services.organizationId))
      .where(and(eq(reports.id, id), scopeOf(user)))
      .limit(1);
    return row;
  },

  async termsByIds(db: DbOrTx, ids: string[]): Promise<TermRow[]> {
    return ids.length ? db.select().from(taxonomyTerms).where(inArray(taxonomyTerms.id, ids)) : [];
  },
};
