import { UpstreamError } from './errors';

/**
 * The bound on every paginated read: at most `maxPages` pages, and a cursor
 * the service already gave (SSM's NextToken, Heroku's Next-Range) or a page
 * that brings nothing new (GitHub's numbered pages) ends the read as an
 * UpstreamError instead of another request. A broken or hostile service can
 * make a read fail; it cannot make it run forever.
 */
export class PageBudget {
  private readonly service: string;
  private readonly what: string;
  private readonly maxPages: number;
  private readonly cursors = new Set<string>();
  private pages = 0;

  constructor(service: string, what: string, maxPages: number) {
    this.service = service;
    this.what = what;
    this.maxPages = maxPages;
  }

  /** Counts one page read; throws when the bound is reached. */
  page(): void {
    this.pages += 1;
    if (this.pages > this.maxPages) {
      throw new UpstreamError(`${this.what} ran past ${this.maxPages} pages; keyturn stops there`, {
        service: this.service,
        retryable: false,
      });
    }
  }

  /** The cursor for the next page; throws when the service gave it before. */
  cursor(value: string): void {
    if (this.cursors.has(value)) {
      throw new UpstreamError(`${this.what} sent a page cursor it had sent before (a pagination cycle)`, {
        service: this.service,
        retryable: false,
      });
    }
    this.cursors.add(value);
  }

  /** A page that added nothing new (every item seen before): a cycle. */
  nothingNew(): never {
    throw new UpstreamError(`${this.what} sent a page of items it had sent before (a pagination cycle)`, {
      service: this.service,
      retryable: false,
    });
  }
}
