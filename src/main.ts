/** `npm start`: the service. */
import { ConfigError, loadEnv } from './config/env.ts';
import { startService } from './service.ts';

try {
  const env = loadEnv();
  // `--no-jobs`: chat only; `--no-http`: the jobs only (a worker); any number of each against one Redis and one PostgreSQL
  const service = await startService(env, { asOf: env.ATTENDANCE_AS_OF, jobs: !process.argv.includes('--no-jobs'), http: !process.argv.includes('--no-http') });
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
