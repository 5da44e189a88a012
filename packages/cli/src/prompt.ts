/**
 * Asks for a secret at a terminal without echoing it: the terminal is put in
 * raw mode, so keystrokes reach keyturn and never the screen. Enter ends the
 * answer, Backspace takes back a character, Ctrl-C stops keyturn (exit 130).
 */
export function promptSecret(
  input: NodeJS.ReadStream,
  output: { write(text: string): void },
  question: string,
): Promise<string> {
  return new Promise((resolve) => {
    output.write(question);
    let answer = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = () => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          done();
          resolve(answer);
          return;
        }
        if (char === '\u0003') {
          done();
          process.exit(130);
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    input.on('data', onData);
  });
}
