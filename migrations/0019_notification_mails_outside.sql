-- An e-mail to someone without a Ponte account: a mediator of the roster who is not a user receives the
-- invitation to a meeting (and its changes) at the address the roster holds. Such a mail belongs to no
-- user and to no in-app notification; it is queued, delivered and retried like the others
-- (kernel/notify/notify.ts, mailOutside).
ALTER TABLE notification_mails ALTER COLUMN notification_id DROP NOT NULL;
ALTER TABLE notification_mails ALTER COLUMN user_id DROP NOT NULL;
