// Queries of the desk. The rule of who sees a person lives here, in one SQL condition (visibleTo):
// the organization that recorded the person; an organization named in a consent that is not withdrawn;
// an operator with an open "break the glass" exception; a member of the person's case team. A person with
// a restricted case (possible victim of trafficking or exploitation) is seen only by that case's team.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import type { PersonRow } from './people.js';
import type { HouseholdRelation } from './household.js';

export interface DeskUser {
  id: string;
  organizationId: string;
}

/** The condition, on a desk_people row aliased `p`, that this operator may see it. */
export function visibleTo(user: DeskUser): SQL {
  const inTeam = sql`EXISTS (SELECT 1 FROM desk_cases c JOIN desk_case_members m ON m.case_id = c.id
    WHERE c.person_id = p.id AND m.user_id = ${user.id})`;
  const restricted = sql`EXISTS (SELECT 1 FROM desk_cases c WHERE c.person_id = p.id AND c.restricted AND c.status = 'open')`;
  const covered = sql`(p.organization_id = ${user.organizationId}
    OR EXISTS (SELECT 1 FROM desk_consents k WHERE k.person_id = p.id AND k.withdrawn_at IS NULL
      AND ${user.organizationId}::uuid = ANY(k.organization_ids))
    OR EXISTS (SELECT 1 FROM desk_access_exceptions x WHERE x.person_id = p.id AND x.user_id = ${user.id} AND x.expires_at > now()))`;
  return sql`((${covered} AND NOT ${restricted}) OR ${inTeam})`;
}

export interface ConsentRow {
  id: string;
  person_id: string;
  purposes: string[];
  organization_ids: string[];
  shares_contact: boolean;
  given_how: 'signed_form' | 'oral_with_witness';
  witness_name: string | null;
  given_at: Date;
  recorded_by_name: string;
  withdrawn_at: Date | null;
}

export interface ContactRow {
  id: string;
  channel: string;
  language_code: string;
  mediator_present: boolean;
  occurred_at: Date;
  organization_name: string;
  user_name: string;
  note_enc: string | null;
}

export interface NeedRow {
  id: string;
  term_code: string;
  urgency: 'low' | 'normal' | 'high';
  status: 'open' | 'referred' | 'met' | 'closed';
  note_enc: string | null;
  referral_id: string | null;
  created_at: Date;
  organization_name: string;
}

export const deskRepo = {
  /** A person this operator may see, or nothing (not found and not allowed look the same). */
  async findVisible(db: DbOrTx, user: DeskUser, id: string): Promise<PersonRow | undefined> {
    const [row] = await rows<PersonRow>(db, sql`SELECT p.* FROM desk_people p WHERE p.id = ${id} AND ${visibleTo(user)}`);
    return row;
  },

  async exists(db: DbOrTx, id: string): Promise<boolean> {
    const [row] = await rows<{ id: string }>(db, sql`SELECT id FROM desk_people WHERE id = ${id}`);
    return !!row;
  },

  /** Whether a restricted case hides the person from everyone outside its team (break the glass cannot open it). */
  async isRestrictedFor(db: DbOrTx, user: DeskUser, personId: string): Promise<boolean> {
    const [row] = await rows<{ hidden: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM desk_cases c WHERE c.person_id = ${personId} AND c.restricted AND c.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM desk_case_members m WHERE m.case_id = c.id AND m.user_id = ${user.id})) AS hidden`,
    );
    return !!row?.hidden;
  },

  /** People whose names contain every searched word (blind indexes), optionally born on a date; visible ones only. */
  async search(db: DbOrTx, user: DeskUser, q: { wordIndexes: string[]; birthDateIndex?: string | null; documentIndex?: string | null }, limit = 50): Promise<PersonRow[]> {
    const where: SQL[] = [sql`p.merged_into IS NULL`, visibleTo(user)];
    for (const w of q.wordIndexes) where.push(sql`EXISTS (SELECT 1 FROM desk_person_name_words n WHERE n.person_id = p.id AND n.word_bidx = ${w})`);
    if (q.birthDateIndex) where.push(sql`p.birth_date_bidx = ${q.birthDateIndex}`);
    if (q.documentIndex) where.push(sql`p.document_bidx = ${q.documentIndex}`);
    return rows<PersonRow>(db, sql`SELECT p.* FROM desk_people p WHERE ${sql.join(where, sql` AND `)} ORDER BY p.updated_at DESC LIMIT ${limit}`);
  },

  /**
   * Possible duplicates of a person about to be recorded: the same whole name, document or phone, or the
   * same birth date and a name word in common. Visible ones come back whole; of the others only how many
   * there are, when the match is strong (document, or name and birth date), so that the operator knows.
   */
  async duplicates(
    db: DbOrTx,
    user: DeskUser,
    ix: { name: string; words: string[]; birthDate: string | null; document: string | null; phone: string | null },
  ): Promise<{ visible: PersonRow[]; hiddenStrong: number }> {
    const strong: SQL[] = [];
    if (ix.document) strong.push(sql`p.document_bidx = ${ix.document}`);
    if (ix.birthDate) strong.push(sql`(p.name_bidx = ${ix.name} AND p.birth_date_bidx = ${ix.birthDate})`);
    const weak: SQL[] = [sql`p.name_bidx = ${ix.name}`];
    if (ix.phone) weak.push(sql`p.phone_bidx = ${ix.phone}`);
    if (ix.birthDate && ix.words.length > 0) {
      weak.push(sql`(p.birth_date_bidx = ${ix.birthDate} AND EXISTS (SELECT 1 FROM desk_person_name_words n WHERE n.person_id = p.id
        AND n.word_bidx IN (${sql.join(ix.words.map((w) => sql`${w}`), sql`, `)})))`);
    }
    const any = sql.join([...strong, ...weak], sql` OR `);
    const visible = await rows<PersonRow>(db, sql`SELECT p.* FROM desk_people p WHERE p.merged_into IS NULL AND (${any}) AND ${visibleTo(user)} LIMIT 20`);
    let hiddenStrong = 0;
    if (strong.length > 0) {
      const [row] = await rows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM desk_people p WHERE p.merged_into IS NULL AND (${sql.join(strong, sql` OR `)}) AND NOT ${visibleTo(user)}`,
      );
      hiddenStrong = row?.n ?? 0;
    }
    return { visible, hiddenStrong };
  },

  /**
   * Records this operator may see that could be the same person as a recorded one: the same document, the
   * same whole name or phone, or the same birth date and a name word in common (its stored blind indexes).
   */
  async possibleDuplicatesOf(db: DbOrTx, user: DeskUser, personId: string): Promise<PersonRow[]> {
    return rows<PersonRow>(
      db,
      // One index-driven branch per kind of match (a single OR would scan the whole table).
      sql`WITH me AS (SELECT * FROM desk_people WHERE id = ${personId})
        SELECT p.* FROM desk_people p WHERE p.id IN (
            SELECT q.id FROM desk_people q JOIN me ON q.document_bidx = me.document_bidx
            UNION SELECT q.id FROM desk_people q JOIN me ON q.name_bidx = me.name_bidx
            UNION SELECT q.id FROM desk_people q JOIN me ON q.phone_bidx = me.phone_bidx
            UNION SELECT q.id FROM desk_people q JOIN me ON q.birth_date_bidx = me.birth_date_bidx
              WHERE EXISTS (SELECT 1 FROM desk_person_name_words a JOIN desk_person_name_words b ON b.word_bidx = a.word_bidx
                WHERE a.person_id = q.id AND b.person_id = me.id))
          AND p.id <> ${personId} AND p.merged_into IS NULL AND ${visibleTo(user)}
        ORDER BY p.created_at LIMIT 10`,
    );
  },

  /** A person's household links to people this operator may see (the others are not shown, not even counted). */
  async household(db: DbOrTx, user: DeskUser, personId: string): Promise<(PersonRow & { relation: HouseholdRelation })[]> {
    return rows<PersonRow & { relation: HouseholdRelation }>(
      db,
      sql`SELECT p.*, l.relation FROM desk_household_links l JOIN desk_people p ON p.id = l.related_person_id
        WHERE l.person_id = ${personId} AND p.merged_into IS NULL AND ${visibleTo(user)} ORDER BY l.created_at`,
    );
  },

  async consents(db: DbOrTx, personId: string): Promise<ConsentRow[]> {
    return rows<ConsentRow>(
      db,
      sql`SELECT k.id, k.person_id, k.purposes, k.organization_ids::text[] AS organization_ids, k.shares_contact, k.given_how,
        k.witness_name, k.given_at, u.display_name AS recorded_by_name, k.withdrawn_at
        FROM desk_consents k JOIN users u ON u.id = k.recorded_by WHERE k.person_id = ${personId} ORDER BY k.given_at DESC`,
    );
  },

  /** The consent in force: the most recent one not withdrawn. */
  async activeConsent(db: DbOrTx, personId: string): Promise<ConsentRow | undefined> {
    return (await this.consents(db, personId)).find((c) => !c.withdrawn_at);
  },

  async contacts(db: DbOrTx, personId: string): Promise<ContactRow[]> {
    return rows<ContactRow>(
      db,
      sql`SELECT c.id, c.channel, c.language_code, c.mediator_present, c.occurred_at, o.name AS organization_name,
        u.display_name AS user_name, c.note_enc
        FROM desk_contacts c JOIN organizations o ON o.id = c.organization_id JOIN users u ON u.id = c.user_id
        WHERE c.person_id = ${personId} ORDER BY c.occurred_at DESC LIMIT 100`,
    );
  },

  async needs(db: DbOrTx, personId: string): Promise<NeedRow[]> {
    return rows<NeedRow>(
      db,
      sql`SELECT n.id, n.term_code, n.urgency, n.status, n.note_enc, n.referral_id, n.created_at, o.name AS organization_name
        FROM desk_needs n JOIN organizations o ON o.id = n.organization_id
        WHERE n.person_id = ${personId} ORDER BY n.status = 'open' DESC, n.created_at DESC`,
    );
  },

  async need(db: DbOrTx, personId: string, needId: string): Promise<NeedRow | undefined> {
    return (await this.needs(db, personId)).find((n) => n.id === needId);
  },

  async organizations(db: DbOrTx): Promise<{ id: string; name: string }[]> {
    return rows(db, sql`SELECT id, name FROM organizations WHERE active ORDER BY name`);
  },

  async municipalities(db: DbOrTx): Promise<{ code: string; name: string }[]> {
    return rows(db, sql`SELECT code, name FROM municipalities ORDER BY name`);
  },

  /** Recent people of the operator's organization, for the desk's start page. */
  async recent(db: DbOrTx, user: DeskUser, limit = 20): Promise<PersonRow[]> {
    return rows<PersonRow>(
      db,
      sql`SELECT p.* FROM desk_people p WHERE p.merged_into IS NULL AND p.organization_id = ${user.organizationId} AND ${visibleTo(user)}
        ORDER BY p.updated_at DESC LIMIT ${limit}`,
    );
  },
};
