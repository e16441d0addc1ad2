// The vocabulary of mediation: a mediator's languages and modes, a request's settings, and its lifecycle.
//
//   requested ──assign (coordinator)────────────────────────────▶ assigned ──report (mediator)──▶ done ──confirm (requester)──▶ confirmed
//       │  └──offer (coordinator)──▶ offered ──accept (mediator)──┘   │ ▲
//       │                               └──decline (mediator)──▶ requested    └─┘ assign again: given to another mediator
//       ├──no mediator found (coordinator), or a language nobody covers at creation──▶ unmet
//       └──cancel (requester or coordinator, with a reason; also from offered and assigned)──▶ cancelled
//
// Rescheduling keeps the status and re-checks the mediator's other assignments. Its own machine, not the
// referrals' one: a mediation books a professional for a meeting, it does not send a person to a service
// (docs/adr/0014-mediation-requests.md).
import { LANGUAGE_CODES } from '../directory/index.js';

export const MEDIATION_LANGUAGES = LANGUAGE_CODES;
export type MediationLanguage = (typeof MEDIATION_LANGUAGES)[number];

export const LEVELS = ['native', 'c2', 'c1', 'b2'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_KEYS: Record<Level, string> = {
  native: 'mediators.level.native',
  c2: 'mediators.level.c2',
  c1: 'mediators.level.c1',
  b2: 'mediators.level.b2',
};

export const MODES = ['in_person', 'phone', 'video'] as const;
export type Mode = (typeof MODES)[number];
export const MODE_KEYS: Record<Mode, string> = {
  in_person: 'mediators.mode.in_person',
  phone: 'mediators.mode.phone',
  video: 'mediators.mode.video',
};

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_KEYS: Record<Gender, string> = {
  female: 'mediators.gender.female',
  male: 'mediators.gender.male',
  other: 'mediators.gender.other',
};

export const GENDER_PREFERENCES = ['any', 'female', 'male'] as const;
export type GenderPreference = (typeof GENDER_PREFERENCES)[number];
export const GENDER_PREFERENCE_KEYS: Record<GenderPreference, string> = {
  any: 'mediators.genderPreference.any',
  female: 'mediators.genderPreference.female',
  male: 'mediators.genderPreference.male',
};

export const SETTINGS = ['school', 'health', 'social', 'legal', 'psychological', 'police', 'housing', 'work', 'other'] as const;
export type Setting = (typeof SETTINGS)[number];
export const SETTING_KEYS: Record<Setting, string> = {
  school: 'mediators.setting.school',
  health: 'mediators.setting.health',
  social: 'mediators.setting.social',
  legal: 'mediators.setting.legal',
  psychological: 'mediators.setting.psychological',
  police: 'mediators.setting.police',
  housing: 'mediators.setting.housing',
  work: 'mediators.setting.work',
  other: 'mediators.setting.other',
};

export const OUTCOMES = ['held', 'family_absent', 'interrupted', 'follow_up_needed'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_KEYS: Record<Outcome, string> = {
  held: 'mediators.outcome.held',
  family_absent: 'mediators.outcome.family_absent',
  interrupted: 'mediators.outcome.interrupted',
  follow_up_needed: 'mediators.outcome.follow_up_needed',
};

export const REQUEST_STATUSES = ['requested', 'offered', 'assigned', 'done', 'confirmed', 'cancelled', 'unmet'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const STATUS_KEYS: Record<RequestStatus, string> = {
  requested: 'mediators.status.requested',
  offered: 'mediators.status.offered',
  assigned: 'mediators.status.assigned',
  done: 'mediators.status.done',
  confirmed: 'mediators.status.confirmed',
  cancelled: 'mediators.status.cancelled',
  unmet: 'mediators.status.unmet',
};

/** Statuses in which the mediator's time is taken. */
export const BOOKED_STATUSES: readonly RequestStatus[] = ['offered', 'assigned'];
/** Statuses from which a request may still be cancelled or rescheduled. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['requested', 'offered', 'assigned'];

export type MediationErrorCode =
  | 'notFound'
  | 'notAllowed'
  | 'suspended'
  | 'overlap'
  | 'noLanguage'
  | 'inPast'
  | 'timeRequired'
  | 'alreadyChanged'
  | 'notYet'
  | 'accountTaken'
  | 'accountNotMediator'
  | 'noAccount';

const ERROR_KEYS: Record<MediationErrorCode, string> = {
  notFound: 'mediators.error.notFound',
  notAllowed: 'mediators.error.notAllowed',
  suspended: 'mediators.error.suspended',
  overlap: 'mediators.error.overlap',
  noLanguage: 'mediators.error.noLanguage',
  inPast: 'mediators.validation.inPast',
  timeRequired: 'mediators.validation.timeRequired',
  alreadyChanged: 'mediators.error.alreadyChanged',
  notYet: 'mediators.error.notYet',
  accountTaken: 'mediators.validation.accountTaken',
  accountNotMediator: 'mediators.validation.accountNotMediator',
  noAccount: 'mediators.error.noAccount',
};

/** A refused mediation operation: nothing was changed; `messageKey` says why. */
export class MediationError extends Error {
  override name = 'MediationError';
  readonly messageKey: string;

  constructor(readonly code: MediationErrorCode) {
    super(ERROR_KEYS[code]);
    this.messageKey = ERROR_KEYS[code];
  }
}
