// `npm run mediators:remind`: reminds mediators (or, for one without an account, the coordinators) of hours
// not recorded a day after a meeting, and requesters of meetings not confirmed after three days (again every
// three days while nothing changes), then sends the e-mails. The server also does it every hour; this is
// for a cron job, or to run it now.
import { remindMediations } from '../src/modules/mediators/index.js';
import { runReminders } from './run-reminders.js';

await runReminders('Mediations', remindMediations);
