// The reception module's vocabularies, each with the catalog key that names it. Kept in step with the
// CHECK constraints of migrations/0011_reception.sql.

export const CENTRE_KINDS = ['cas', 'sai', 'first_reception'] as const;
export type CentreKind = (typeof CENTRE_KINDS)[number];
export const CENTRE_KIND_KEYS: Record<CentreKind, string> = {
  cas: 'reception.kinds.cas',
  sai: 'reception.kinds.sai',
  first_reception: 'reception.kinds.first_reception',
};

export const HOUSING = ['apartment', 'collective'] as const;
export type Housing = (typeof HOUSING)[number];
export const HOUSING_KEYS: Record<Housing, string> = {
  apartment: 'reception.housing.apartment',
  collective: 'reception.housing.collective',
};

export const CENTRE_STATUSES = ['active', 'suspended', 'closed'] as const;
export type CentreStatus = (typeof CENTRE_STATUSES)[number];
export const CENTRE_STATUS_KEYS: Record<CentreStatus, string> = {
  active: 'reception.centreStatus.active',
  suspended: 'reception.centreStatus.suspended',
  closed: 'reception.centreStatus.closed',
};

export const DEPARTURE_REASONS = ['transfer', 'end_of_reception', 'voluntary_leave', 'revocation'] as const;
export type DepartureReason = (typeof DEPARTURE_REASONS)[number];
export const DEPARTURE_REASON_KEYS: Record<DepartureReason, string> = {
  transfer: 'reception.departureReasons.transfer',
  end_of_reception: 'reception.departureReasons.end_of_reception',
  voluntary_leave: 'reception.departureReasons.voluntary_leave',
  revocation: 'reception.departureReasons.revocation',
};

export const DOC_TYPES = ['contract', 'fire_safety', 'fitness', 'insurance', 'staff_list', 'house_rules_translated', 'monthly_report'] as const;
export type DocType = (typeof DOC_TYPES)[number];
export const DOC_TYPE_KEYS: Record<DocType, string> = {
  contract: 'reception.docTypes.contract',
  fire_safety: 'reception.docTypes.fire_safety',
  fitness: 'reception.docTypes.fitness',
  insurance: 'reception.docTypes.insurance',
  staff_list: 'reception.docTypes.staff_list',
  house_rules_translated: 'reception.docTypes.house_rules_translated',
  monthly_report: 'reception.docTypes.monthly_report',
};

/** Where a centre's required document stands, from its newest version, its expiry and its due date. */
export const DOC_STATES = ['missing', 'overdue', 'submitted', 'returned', 'accepted', 'expiring', 'expired'] as const;
export type DocState = (typeof DOC_STATES)[number];
export const DOC_STATE_KEYS: Record<DocState, string> = {
  missing: 'reception.docState.missing',
  overdue: 'reception.docState.overdue',
  submitted: 'reception.docState.submitted',
  returned: 'reception.docState.returned',
  accepted: 'reception.docState.accepted',
  expiring: 'reception.docState.expiring',
  expired: 'reception.docState.expired',
};

export const VISIT_KINDS = ['scheduled', 'unannounced'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_KEYS: Record<VisitKind, string> = {
  scheduled: 'reception.visitKinds.scheduled',
  unannounced: 'reception.visitKinds.unannounced',
};

export const ANSWER_RESULTS = ['compliant', 'non_compliant', 'not_applicable'] as const;
export type AnswerResult = (typeof ANSWER_RESULTS)[number];
export const ANSWER_RESULT_KEYS: Record<AnswerResult, string> = {
  compliant: 'reception.results.compliant',
  non_compliant: 'reception.results.non_compliant',
  not_applicable: 'reception.results.not_applicable',
};

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_KEYS: Record<Severity, string> = {
  low: 'reception.severity.low',
  medium: 'reception.severity.medium',
  high: 'reception.severity.high',
  critical: 'reception.severity.critical',
};

export const FINDING_STATUSES = ['open', 'answered', 'closed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_KEYS: Record<FindingStatus, string> = {
  open: 'reception.findingStatus.open',
  answered: 'reception.findingStatus.answered',
  closed: 'reception.findingStatus.closed',
};

export const AREAS = ['accommodation', 'meals', 'health', 'legal', 'italian', 'mediation', 'staff', 'safety'] as const;
export type Area = (typeof AREAS)[number];
export const AREA_KEYS: Record<Area, string> = {
  accommodation: 'reception.areas.accommodation',
  meals: 'reception.areas.meals',
  health: 'reception.areas.health',
  legal: 'reception.areas.legal',
  italian: 'reception.areas.italian',
  mediation: 'reception.areas.mediation',
  staff: 'reception.areas.staff',
  safety: 'reception.areas.safety',
};

/**
 * Every checklist item Ponte knows, with its question's key. A checklist version (reception_checklists)
 * lists which of these it asks, by area and in which order; a new version can drop or reorder items, and a
 * new item is added here with its texts in every language.
 */
export const CHECKLIST_ITEM_KEYS = {
  rooms_capacity: 'reception.items.rooms_capacity',
  hygiene: 'reception.items.hygiene',
  meals_cultural: 'reception.items.meals_cultural',
  health_screening: 'reception.items.health_screening',
  legal_orientation: 'reception.items.legal_orientation',
  italian_courses: 'reception.items.italian_courses',
  mediation_hours: 'reception.items.mediation_hours',
  house_rules_translated: 'reception.items.house_rules_translated',
  staff_as_declared: 'reception.items.staff_as_declared',
  fire_safety: 'reception.items.fire_safety',
} as const;
export type ChecklistItemCode = keyof typeof CHECKLIST_ITEM_KEYS;
export const CHECKLIST_ITEM_CODES = Object.keys(CHECKLIST_ITEM_KEYS) as ChecklistItemCode[];

export interface ChecklistItem {
  area: Area;
  code: ChecklistItemCode;
}

/** The first version of the checklist, as the seed and a fresh province start with. */
export const CHECKLIST_V1: ChecklistItem[] = [
  { area: 'accommodation', code: 'rooms_capacity' },
  { area: 'accommodation', code: 'hygiene' },
  { area: 'accommodation', code: 'house_rules_translated' },
  { area: 'meals', code: 'meals_cultural' },
  { area: 'health', code: 'health_screening' },
  { area: 'legal', code: 'legal_orientation' },
  { area: 'italian', code: 'italian_courses' },
  { area: 'mediation', code: 'mediation_hours' },
  { area: 'staff', code: 'staff_as_declared' },
  { area: 'safety', code: 'fire_safety' },
];

/** Each item's area (an item belongs to one area in every version). */
export const ITEM_AREAS: Record<ChecklistItemCode, Area> = Object.fromEntries(CHECKLIST_V1.map((i) => [i.code, i.area])) as Record<ChecklistItemCode, Area>;
