import { appendFileSync } from 'node:fs';

/** Prints a suite's one-line figure, and appends it to KEYTURN_FIGURES when
 * set, so `.ci/run` can print every suite's figure together at the end. */
export function printFigure(line: string): void {
  process.stdout.write(`\n${line}\n`);
  const file = process.env.KEYTURN_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
