/** `npm start`: the service. */
import { ConfigError, loadEnv } from './config/env.ts';
import { startService } from './service.ts';

try {
  const env = loadEnv();
  const service = await startService(env, { asOf: env.ATTENDANCE_AS_OF, jobs: !process.argv.includes('--no-jobs') });
  const stop = async () => { await service.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
