// The part of sql.js (MIT; SQLite compiled to WebAssembly, inlined in its
// JavaScript) that the rpm reader and its tests use.
declare module 'sql.js/dist/sql-wasm-inline.js' {
  interface QueryResult {
    columns: string[];
    values: unknown[][];
  }
  interface Database {
    exec(sql: string): QueryResult[];
    run(sql: string, params?: unknown[]): Database;
    export(): Uint8Array;
    close(): void;
  }
  interface SqlJs {
    Database: new (data?: Uint8Array) => Database;
  }
  const initSqlJs: (config?: Record<string, unknown>) => Promise<SqlJs>;
  export default initSqlJs;
}
