// The mediators module, as other modules see it: its routes. Nothing else of mediators/ is imported elsewhere.
export { mediatorsRoutes } from './mediators.routes.js';
