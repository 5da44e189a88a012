// heroku-client ships no types; these cover what the Heroku adapter uses.
declare module 'heroku-client' {
  export default class Heroku {
    constructor(options?: Record<string, unknown>);
    options: Record<string, unknown> & { headers?: Record<string, string> };
    request(options: Record<string, unknown>): Promise<unknown>;
    get(path: string, options?: Record<string, unknown>): Promise<unknown>;
    patch(path: string, options?: Record<string, unknown>): Promise<unknown>;
  }
}

declare module 'heroku-client/lib/request.js' {
  export default class HerokuRequest {
    constructor(options: Record<string, unknown>);
    options: Record<string, unknown>;
    resolve(value: unknown): void;
    reject(error: unknown): void;
    request(): Promise<unknown>;
    handleError(error: Error): void;
    handleFailure(res: { statusCode: number; headers: Record<string, string> }, buffer: string): void;
    handleSuccess(res: import('node:http').IncomingMessage, buffer: string): void;
    handleResponse(res: import('node:http').IncomingMessage): void;
    logRequest(req: unknown): void;
    setRequestTimeout(req: import('node:http').ClientRequest): void;
    logResponse(res: unknown): void;
    middleware(res: import('node:http').IncomingMessage, next: () => void): void;
  }
}
