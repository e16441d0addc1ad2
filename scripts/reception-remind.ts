// `npm run reception:remind`: reminds managing bodies of centre documents that expire within 30 days, have
// expired, or are overdue (again every 7 days while nothing changes), then sends the e-mails. The server
// also does it every hour; this is for a cron job, or to run it now.
import { remindDocuments } from '../src/modules/reception/index.js';
import { runReminders } from './run-reminders.js';

await runReminders('Documents', remindDocuments);
