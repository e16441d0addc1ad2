/** The kinds of organization in a province's network (kept in step with the CHECK in 0001_kernel.sql). */
export const ORGANIZATION_KINDS = [
  'prefettura',
  'asl',
  'cpia',
  'cpi',
  'questura',
  'municipality',
  'school',
  'managing_body',
  'association',
  'labour_inspectorate',
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
