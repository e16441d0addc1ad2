// The reception module, as the rest of Ponte sees it: its routes, and the reminders the server's timer runs.
export { registerReception } from './reception.routes.js';
export { remindDocuments, remindDocumentsIn } from './centre-documents.js';
