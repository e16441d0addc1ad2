// `npm run seed:demo`: loads the demo province into an empty database. Refused when NODE_ENV=production.
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { seedDemo, SeedRefused } from '../seeds/demo.js';

const config = loadConfig();
if (config.isProduction) {
  console.error('Refused: demo data cannot be loaded when NODE_ENV=production.');
  process.exit(1);
}
const app = await buildApp({ ...config, logLevel: 'warn' });
try {
  console.log((await seedDemo(app.kernel)) ? 'Demo data loaded.' : 'The database already has data: nothing loaded.');
} catch (err) {
  if (err instanceof SeedRefused) console.error(err.message);
  else throw err;
  process.exitCode = 1;
} finally {
  await app.close();
}
