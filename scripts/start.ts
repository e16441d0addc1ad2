// `npm start`: migrate, load the demo province on an empty database (never in production), serve.
import { loadConfig, ConfigError } from '../src/config.js';
import { startServer } from '../src/server.js';
import { seedDemo } from '../seeds/demo.js';

try {
  const config = loadConfig();
  await startServer(config, {
    // Before listening, so that nobody sees an empty province.
    beforeListen: async (app) => {
      if (!config.isProduction && (await seedDemo(app.kernel))) app.log.info('demo data loaded: see README for the demo accounts');
    },
  });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
