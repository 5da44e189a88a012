import { Emulator, type EmulatorRequest, type Reply } from './emulator';

/**
 * The shell every AWS JSON 1.1 emulator shares (SSM, Secrets Manager): the
 * operation named by `X-Amz-Target`, a SigV4 `Authorization` for the right
 * signing name, `AccessDeniedException` for denied operations, injected
 * failures, the body parsed as the service does, and `{__type, message}`
 * errors. Each emulator brings only its operations and its service's
 * spelling of the error document.
 */

/** What an operation throws to answer with an AWS error. */
export class AwsJsonFault extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export interface AwsJsonFailure {
  operation: string;
  type: string;
  message?: string;
  status?: number;
  /** How many calls of the operation fail; 1 when unset. */
  times?: number;
}

export interface AwsJsonServiceOptions {
  name: string;
  /** `AmazonSSM`, `secretsmanager`: X-Amz-Target is `PREFIX.Operation`. */
  targetPrefix: string;
  /** The SigV4 service name in the credential scope: `ssm`, `secretsmanager`. */
  signingName: string;
  /** The error document's message field as the service spells it. */
  messageField: 'message' | 'Message';
  /** The `__type` answered with 500 when an injected failure gives no status. */
  internalErrorType: string;
  requestId: () => string;
  operations: Readonly<Record<string, (input: Record<string, unknown>) => unknown>>;
  /** Injected failures, consumed as they fire. */
  failures: AwsJsonFailure[];
  /** Every operation asked for, in order. */
  calls: string[];
  /** The AccessDeniedException message for a denied operation, else undefined. */
  denied: (operation: string) => string | undefined;
  latencyMs?: number | undefined;
}

export function startAwsJsonEmulator(options: AwsJsonServiceOptions): Promise<Emulator> {
  const { targetPrefix, failures } = options;
  const prefix = `${targetPrefix}.`;
  const signed = new RegExp(`^AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/[a-z0-9-]+/${options.signingName}/aws4_request`);
  const headers = () => ({ 'x-amzn-requestid': options.requestId(), 'content-type': 'application/x-amz-json-1.1' });
  const fail = (type: string, message: string, status = 400): Reply => ({
    status,
    headers: headers(),
    body: JSON.stringify({ __type: type, [options.messageField]: message }),
  });

  const handler = (request: EmulatorRequest): Reply => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(prefix) ? target.slice(prefix.length) : '';
    options.calls.push(operation);
    if (!signed.test(String(request.headers.authorization ?? ''))) {
      return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    const run = options.operations[operation];
    if (!run) return fail('UnknownOperationException', '');
    const denied = options.denied(operation);
    if (denied !== undefined) return fail('AccessDeniedException', denied);
    const failure = failures.find((entry) => entry.operation === operation);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      return fail(
        failure.type,
        failure.message ?? '',
        failure.status ?? (failure.type === options.internalErrorType ? 500 : 400),
      );
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(request.body || '{}') as Record<string, unknown>;
    } catch {
      return fail('SerializationException', 'Start of structure or map found where not expected.');
    }
    try {
      return { status: 200, headers: headers(), body: JSON.stringify(run(input)) };
    } catch (error) {
      if (error instanceof AwsJsonFault) return fail(error.type, error.message, error.status);
      throw error;
    }
  };

  return Emulator.start({
    name: options.name,
    routes: [{ method: 'POST', path: '/', handler }],
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    validate: (request) => {
      const problems: string[] = [];
      if (request.headers['content-type'] !== 'application/x-amz-json-1.1') {
        problems.push(`content-type is ${String(request.headers['content-type'])}, not application/x-amz-json-1.1`);
      }
      if (!String(request.headers['x-amz-target'] ?? '').startsWith(prefix)) {
        problems.push(`no ${targetPrefix} X-Amz-Target`);
      }
      return problems;
    },
  });
}
