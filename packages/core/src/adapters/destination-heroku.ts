import { type TargetBase, TargetSyntaxError } from '../targets';
import { DEFAULT_HEROKU_API_URL, HEROKU_CONFIG_MAX_BYTES, HerokuConfigDestination } from './heroku';
import { type DestinationModule, missingCredential, readApiUrl } from './module-types';

/** Heroku config vars: `heroku:APP/NAME` lines, the `heroku-api-key` credential, the adapter. */
export type HerokuTarget = TargetBase & { kind: 'heroku'; app: string };

export interface HerokuSettings {
  /** Masked when read. */
  apiKey: string | undefined;
  apiUrl: string;
}

const HEROKU_APP = /^(?:[a-z][a-z0-9-]{1,28}[a-z0-9]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const HEROKU_VAR = /^\w+$/;

const HEROKU_KEY_FIX =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
  'Pass a Heroku API key from a secret: heroku-api-key: ${{ secrets.HEROKU_API_KEY }}.';

export const herokuDestination: DestinationModule<HerokuTarget, HerokuSettings> = {
  service: 'Heroku',
  schemes: { heroku: ['heroku:APP/NAME'] },
  kinds: { heroku: true },

  parse({ path, line }) {
    const parts = path.split('/');
    const [app = '', name = ''] = parts;
    if (parts.length !== 2) throw new TargetSyntaxError(`'${line}' must read heroku:APP/NAME`);
    if (!HEROKU_APP.test(app)) throw new TargetSyntaxError(`Heroku app '${app}' is not an app name or id`);
    if (!HEROKU_VAR.test(name)) {
      throw new TargetSyntaxError(`config var '${name}' may hold only letters, digits and _ (Heroku's rule)`);
    }
    return { kind: 'heroku', line, app, name };
  },

  format: (target) => `heroku:${target.app}/${target.name}`,
  // Config var names are case-sensitive on Heroku: API_TOKEN and api_token are two vars.
  key: (target) => `heroku:${target.app}/${target.name}`,

  valueSizeProblem(_target, value) {
    const bytes = Buffer.byteLength(value, 'utf8');
    return bytes > HEROKU_CONFIG_MAX_BYTES
      ? `the value is ${bytes} bytes; Heroku allows ${HEROKU_CONFIG_MAX_BYTES} for all config vars of an app`
      : undefined;
  },

  inputs: [
    {
      name: 'heroku-api-key',
      default: '',
      secret: true,
      description: "A Heroku API key that may change the apps' config vars. Masked at once.",
    },
    {
      name: 'heroku-api-url',
      default: DEFAULT_HEROKU_API_URL,
      secret: false,
      description: "Heroku's Platform API URL.",
    },
  ],

  readSettings(inputs, _env, needed) {
    const apiKey = inputs.secret('heroku-api-key');
    if (needed && apiKey === undefined)
      throw missingCredential('heroku-api-key', needed.line, 'Heroku', HEROKU_KEY_FIX);
    return { apiKey, apiUrl: readApiUrl(inputs, 'heroku-api-url', DEFAULT_HEROKU_API_URL) };
  },

  open(settings, context, tuning) {
    if (settings.apiKey === undefined) return undefined;
    return new HerokuConfigDestination({
      apiKey: settings.apiKey,
      baseUrl: settings.apiUrl,
      clock: context.clock,
      sleep: context.sleep,
      log: (message) => context.runner.info(message),
      ...(tuning.requestTimeoutMs === undefined ? {} : { timeoutMs: tuning.requestTimeoutMs }),
    });
  },
};
