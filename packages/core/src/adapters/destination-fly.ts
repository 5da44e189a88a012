import { type TargetBase, TargetSyntaxError } from '../targets';
import { DEFAULT_FLY_API_URL, FLY_KINDS, FlySecretsDestination } from './fly';
import { type DestinationModule, missingCredential, readApiUrl } from './module-types';

/** Fly.io app secrets: `fly:APP/NAME` lines, the `fly-api-token` credential, the adapter. */
export type FlyTarget = TargetBase & { kind: 'fly'; app: string };

export interface FlySettings {
  /** Masked when read. */
  token: string | undefined;
  apiUrl: string;
}

/** Fly publishes no limit; a secret becomes an environment variable, and Linux
 * refuses one environment string over 128 KiB (MAX_ARG_STRLEN), name included. */
export const FLY_SECRET_MAX_BYTES = 128 * 1024;

const FLY_APP = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const FLY_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const FLY_TOKEN_FIX =
  'Pass a Fly.io token that may set the app’s secrets (fly tokens create deploy -a APP): ' +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
  'fly-api-token: ${{ secrets.FLY_API_TOKEN }}.';

export const flyDestination: DestinationModule<FlyTarget, FlySettings> = {
  service: 'Fly.io',
  schemes: { fly: ['fly:APP/NAME'] },
  kinds: FLY_KINDS,

  parse({ path, query, line }) {
    if (query !== undefined) throw new TargetSyntaxError(`'${line}' has options, which fly: lines do not take`);
    const parts = path.split('/');
    const [app = '', name = ''] = parts;
    if (parts.length !== 2) throw new TargetSyntaxError(`'${line}' must read fly:APP/NAME`);
    if (!FLY_APP.test(app)) {
      throw new TargetSyntaxError(`Fly app '${app}' is not an app name (lowercase letters, digits and -)`);
    }
    if (!FLY_SECRET_NAME.test(name)) {
      throw new TargetSyntaxError(`secret name '${name}' must be an environment variable name (letters, digits, _)`);
    }
    return { kind: 'fly', line, app, name };
  },

  format: (target) => `fly:${target.app}/${target.name}`,
  // Secrets are environment variables: names are case-sensitive.
  key: (target) => `fly:${target.app}/${target.name}`,

  valueSizeProblem(target, value) {
    const bytes = Buffer.byteLength(`${target.name}=${value}`, 'utf8');
    return bytes > FLY_SECRET_MAX_BYTES
      ? `the value is ${bytes} bytes with its name; a Fly secret becomes an environment variable, which Linux limits to ${FLY_SECRET_MAX_BYTES}`
      : undefined;
  },

  inputs: [
    {
      name: 'fly-api-token',
      default: '',
      secret: true,
      description:
        "A Fly.io token that may set the apps' secrets (a deploy token per app, or an org token). Masked at once.",
    },
    { name: 'fly-api-url', default: DEFAULT_FLY_API_URL, secret: false, description: "Fly.io's Machines API URL." },
  ],

  readSettings(inputs, _env, needed) {
    const token = inputs.secret('fly-api-token');
    if (needed && token === undefined) throw missingCredential('fly-api-token', needed.line, 'Fly.io', FLY_TOKEN_FIX);
    return { token, apiUrl: readApiUrl(inputs, 'fly-api-url', DEFAULT_FLY_API_URL) };
  },

  open(settings, context, tuning) {
    if (settings.token === undefined) return undefined;
    return new FlySecretsDestination({
      token: settings.token,
      baseUrl: settings.apiUrl,
      clock: context.clock,
      sleep: context.sleep,
      log: (message) => context.runner.info(message),
      ...(tuning.requestTimeoutMs === undefined ? {} : { timeoutMs: tuning.requestTimeoutMs }),
      notice: (message) => context.runner.warning(message),
    });
  },
};
