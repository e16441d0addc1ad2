// Household links between two people of the desk: a family that comes to the desk together, whose needs
// (school for the children, housing, a permit for family reasons) are read together. A link is kept in
// both directions, each with the relation as the other person is to this one (a child's parent).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';

export const HOUSEHOLD_RELATIONS = ['partner', 'child', 'parent', 'sibling', 'other'] as const;
export type HouseholdRelation = (typeof HOUSEHOLD_RELATIONS)[number];

const INVERSE: Record<HouseholdRelation, HouseholdRelation> = { partner: 'partner', child: 'parent', parent: 'child', sibling: 'sibling', other: 'other' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ZHouseholdLink = z.object({
  relatedId: z.string({ message: 'validation.choose' }).regex(UUID, { message: 'validation.choose' }),
  relation: z.enum(HOUSEHOLD_RELATIONS, { message: 'validation.choose' }),
});

export const ZHouseholdUnlink = ZHouseholdLink.pick({ relatedId: true });

/** Links `relatedId` to `personId` as their `relation` (and the inverse); a link that exists takes the new relation. */
export async function linkHousehold(tx: Tx, actor: AuditActor, personId: string, relatedId: string, relation: HouseholdRelation): Promise<void> {
  await tx.execute(sql`INSERT INTO desk_household_links (person_id, related_person_id, relation)
    VALUES (${personId}, ${relatedId}, ${relation}), (${relatedId}, ${personId}, ${INVERSE[relation]})
    ON CONFLICT (person_id, related_person_id) DO UPDATE SET relation = excluded.relation`);
  await recordAudit(tx, actor, { action: 'desk.household.linked', entityType: 'desk_person', entityId: personId, details: { related: relatedId, relation } });
}

/** Removes the link both ways. Whether there was one or not, the household afterwards has none. */
export async function unlinkHousehold(tx: Tx, actor: AuditActor, personId: string, relatedId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM desk_household_links
    WHERE (person_id = ${personId} AND related_person_id = ${relatedId}) OR (person_id = ${relatedId} AND related_person_id = ${personId})`);
  await recordAudit(tx, actor, { action: 'desk.household.unlinked', entityType: 'desk_person', entityId: personId, details: { related: relatedId } });
}
