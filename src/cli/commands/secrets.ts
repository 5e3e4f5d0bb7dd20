/**
 * `secrets rotate`: after SECRETS_KEY is changed (the old key kept in SECRETS_KEY_PREVIOUS), seals
 * every stored credential again under the new key; then SECRETS_KEY_PREVIOUS can be emptied.
 * Prints counts and key ids only, never a secret.
 */
import { pgSlackInstallations } from '../../adapters/db/slack-installation-store.ts';
import { keyring, SecretsError } from '../../shared/secrets.ts';
import { type Command, CliError } from '../command.ts';
import { withDb } from '../context.ts';

const USAGE = 'usage: secrets rotate   (SECRETS_KEY: the new key; SECRETS_KEY_PREVIOUS: the old ones, comma-separated)';

export const secretsCommand: Command = {
  summary: 'secrets rotate: seal every stored token again under the current SECRETS_KEY',
  async run(argv) {
    if (argv[0] !== 'rotate' || argv.length > 1) throw new CliError(USAGE);
    return withDb(async (db, e) => {
      if (!e.SECRETS_KEY) throw new CliError('secrets rotate: SECRETS_KEY is not set: the key to seal with (32 bytes, base64)');
      try {
        const keys = keyring(e.SECRETS_KEY, (e.SECRETS_KEY_PREVIOUS ?? '').split(',').filter((k) => k.trim() !== ''));
        const n = await pgSlackInstallations(db, keys).reseal();
        process.stdout.write(`secrets rotate: ${n} Slack installation${n === 1 ? '' : 's'} sealed again under key ${keys.currentId}; the others already were\n`);
        return 0;
      } catch (err) {
        if (err instanceof SecretsError) throw new CliError(`secrets rotate: ${err.message}`, 1);
        throw err;
      }
    }, { prepare: true });
  },
};
