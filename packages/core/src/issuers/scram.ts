import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A SCRAM-SHA-256 password verifier, computed on this side as psql's
 * `\password` and libpq's PQencryptPasswordConn do (RFC 5802, RFC 7677), in
 * the text form PostgreSQL stores in pg_authid.rolpassword:
 *
 *   SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
 *
 * `ALTER ROLE … PASSWORD '<verifier>'` stores it as it is, so the plaintext
 * never reaches the server: not the statement, its log, nor
 * pg_stat_statements. The verifier proves nothing to a reader (deriving a
 * login from it means brute-forcing 4096 PBKDF2 rounds per guess).
 *
 * The password must be ASCII without control characters: SASLprep leaves such
 * text unchanged, so no normalisation is needed (keyturn draws its passwords
 * from that alphabet; anything else is refused rather than prepared wrongly).
 */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

export function scramSha256Verifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): string {
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new Error('a SCRAM verifier is only computed here for printable ASCII passwords');
  }
  const salt = options.salt ?? randomBytes(SALT_BYTES);
  const iterations = options.iterations ?? SCRAM_ITERATIONS;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
