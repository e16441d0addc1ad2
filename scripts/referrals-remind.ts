// `npm run referrals:remind`: reminds the receiving organizations of the referrals still waiting for an
// answer past their deadline (and tells the senders), then sends the e-mails. The server also does it
// every 15 minutes; this is for a cron job when the server's timer is not wanted, or to run it now.
import { remindOverdueReferrals } from '../src/modules/referrals/index.js';
import { runReminders } from './run-reminders.js';

await runReminders('Referrals', remindOverdueReferrals);
