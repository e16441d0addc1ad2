// Outgoing mail. With MAIL_URL, through that SMTP server; without it (development, tests, the demo),
// into the mail_outbox table, where tests read it and a developer can look at it.
import nodemailer from 'nodemailer';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { mailOutbox } from '../db/kernel.schema.js';

/** A small text attachment (a calendar invitation): its content is kept in the outbox as it is. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[] | null | undefined;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function createMailer(db: Db, options: { url: string | undefined; from: string }): Mailer {
  if (options.url) {
    const transport = nodemailer.createTransport(options.url);
    return {
      async send(mail) {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.attachments?.length ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
        });
      },
    };
  }
  return {
    async send(mail) {
      await db.insert(mailOutbox).values({ toAddress: mail.to, subject: mail.subject, textBody: mail.text, attachments: mail.attachments?.length ? mail.attachments : null });
    },
  };
}

/** The newest message in the local outbox for an address (tests and the demo). */
export async function latestMailTo(db: Db, to: string) {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(desc(mailOutbox.id)).limit(1);
  return row;
}
