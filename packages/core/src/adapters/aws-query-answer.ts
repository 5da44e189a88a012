import { UpstreamError } from '../errors';

interface StackClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<{ response: unknown; output: unknown }>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<{ response: unknown; output: unknown }>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * IAM and STS speak the AWS Query protocol: every answer is XML
 * (`Content-Type: text/xml`, `<UpdateAccessKeyResponse …>`). The SDK parses
 * whatever 2xx body comes back, and an HTML page (a proxy's, a captive
 * portal's) is well-formed XML with nothing missing for an operation that
 * returns no fields: UpdateAccessKey or DeleteAccessKey answered that way
 * would count as done though IAM never saw the request. So a 2xx that is
 * not XML is refused here, once, for every command of `client`.
 */
export function requireXmlAnswers<C extends object>(client: C, service: string): C {
  (client as unknown as StackClient).middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string | undefined> };
      const type = String(response.headers?.['content-type'] ?? '');
      const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
      if (base !== 'text/xml' && base !== 'application/xml') {
        const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
        const status = response.statusCode ?? 0;
        throw new UpstreamError(
          `${operation} answered ${status} with ${base || 'no content type'}, not AWS's XML: not an answer from AWS ` +
            '(a proxy in between?); nothing is counted as done',
          { service, status, retryable: false },
        );
      }
      return result;
    },
    { step: 'initialize', name: 'keyturnRequireXmlAnswers' },
  );
  return client;
}
