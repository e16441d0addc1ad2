// The desk module: people, consent, contacts, needs, matching and referral; case handling; appointments;
// figures. Other modules use only what is exported here.
import type { Kernel } from '../../kernel/kernel.js';
import type { RouteDef } from '../../kernel/http/route.js';
import { peopleRoutes } from './desk.routes.js';
import { figuresRoutes } from './figures.routes.js';
import { appointmentsRoutes } from './appointments.routes.js';
import { caseRoutes } from './cases.routes.js';
import { casesForPerson } from './cases.repo.js';

export function deskRoutes(kernel: Kernel): RouteDef[] {
  return [...peopleRoutes(kernel, casesForPerson), ...figuresRoutes(kernel), ...appointmentsRoutes(kernel), ...caseRoutes(kernel)];
}
/** Days and wall-clock times in Rome, for other modules' calendars (mediators). */
export { addDays, isCalendarDate, romeDate, romeInstant, romeTime } from './rome-dates.js';
