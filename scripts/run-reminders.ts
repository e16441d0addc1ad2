// What the reminder scripts share: build the app on the configured database, run one module's reminders
// now, print how many went, close. Each module's script names its reminders and the words to print.
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import type { Kernel } from '../src/kernel/kernel.js';

export async function runReminders(what: string, remind: (kernel: Kernel, now: Date) => Promise<{ reminded: number; mails: number }>): Promise<void> {
  const app = await buildApp({ ...loadConfig(), logLevel: 'warn' });
  try {
    const { reminded, mails } = await remind(app.kernel, new Date());
    console.log(`${what} reminded: ${reminded}; e-mails sent: ${mails}.`);
  } finally {
    await app.close();
  }
}
