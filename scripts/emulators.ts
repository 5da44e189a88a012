/**
 * `keyturn emulators` (and `npm run emulators`): starts every emulator of
 * packages/testkit on 127.0.0.1, seeds a small world, prints the exports that
 * point keyturn at it, and runs until Ctrl-C. `--json` prints the settings
 * as one JSON document instead.
 */
import { exportLines, startWorld, WORLD } from '@keyturn/testkit';

const json = process.argv.includes('--json');
const world = await startWorld();
if (json) {
  console.log(JSON.stringify({ env: world.env, infisical: world.infisicalSettings, try: world.tryThis }));
} else {
  console.log(
    '# keyturn emulators: GitHub (with GET /user), AWS SSM, Secrets Manager, IAM and STS, Infisical, Heroku, Fly.io and an API, on 127.0.0.1.',
  );
  console.log('# Paste these into another shell (or eval "$(keyturn emulators | grep ^export)" there):');
  for (const line of exportLines(world.env)) console.log(line);
  console.log('');
  console.log(`# The world: GitHub repo ${'acme/api'} (environment production), Heroku app acme-api,`);
  console.log(
    '# SSM parameter /demo/api/token, Secrets Manager secret demo/api-token and Infisical secret API_TOKEN holding the token the API accepts,',
  );
  console.log(
    `# IAM user ${WORLD.iamUser} with one access key, 100 days old, stored in SSM as ${WORLD.iamKeyParameter} (an aws-iam issuer entry's world).`,
  );
  console.log('# Then try:');
  for (const line of world.tryThis) console.log(`#   ${line}`);
  console.log('# Ctrl-C stops the emulators.');
}
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await world.close();
process.exitCode = 0;
