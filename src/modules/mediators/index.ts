// The mediators module, as other modules see it: its routes and its reminders (run by the server and by
// `npm run mediators:remind`). Nothing else of mediators/ is imported elsewhere.
export { mediatorsRoutes } from './mediators.routes.js';
export { remindMediations } from './remind-mediations.js';
