// One page of the published read model: the ids of the matching services in order, and how many match.
// Only narrow columns are read (filters, vectors, names); callers then read the wide columns (documents,
// translations) of the page's rows alone, so ordering and counting thousands of matches never carries
// their documents along.
import { sql, type SQL } from 'drizzle-orm';
import { readAll, rows, type DbOrTx } from '../../kernel/db/client.js';

/**
 * `order`: a relevance computed for every match (one statement: the matches, ranked, with their count),
 * or `by name` (the name index gives the page and stops; the count runs beside it on the filters'
 * indexes: a window count would walk every match in name order).
 */
export async function publishedPage(
  db: DbOrTx,
  where: SQL[],
  order: SQL | 'by name',
  page: { page: number; perPage: number },
): Promise<{ ids: string[]; total: number }> {
  const condition = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const offset = (page.page - 1) * page.perPage;
  if (order === 'by name') {
    const [counted, found] = await readAll(db, [
      () => rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM dir_published_services ${condition}`),
      () => rows<{ id: string }>(db, sql`SELECT service_id AS id FROM dir_published_services ${condition} ORDER BY name, service_id LIMIT ${page.perPage} OFFSET ${offset}`),
    ]);
    return { ids: found.map((r) => r.id), total: counted[0]?.total ?? 0 };
  }
  const found = await rows<{ id: string; total: number }>(
    db,
    sql`SELECT service_id AS id, count(*) OVER ()::int AS total FROM dir_published_services ${condition}
        ORDER BY ${order}, service_id LIMIT ${page.perPage} OFFSET ${offset}`,
  );
  if (found.length > 0) return { ids: found.map((r) => r.id), total: found[0]!.total };
  if (page.page === 1) return { ids: [], total: 0 };
  // Past the last page: the count alone.
  const [counted] = await rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM dir_published_services ${condition}`);
  return { ids: [], total: counted?.total ?? 0 };
}

/** Rows found by id, in the order of the ids (a row withdrawn in between is left out). */
export function inOrderOf<T>(ids: string[], found: T[], idOf: (row: T) => string): T[] {
  const byId = new Map(found.map((r) => [idOf(r), r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
}
