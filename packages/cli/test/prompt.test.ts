import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { promptSecret } from '../src/prompt';

/** A terminal's input: raw mode recorded, keystrokes pushed by the test. */
function fakeTerminal() {
  const input = new EventEmitter() as EventEmitter & { raw: boolean[] };
  input.raw = [];
  Object.assign(input, {
    setRawMode: (on: boolean) => input.raw.push(on),
    resume: () => undefined,
    pause: () => undefined,
    setEncoding: () => undefined,
  });
  return input;
}

describe('the secret prompt', () => {
  it('reads keystrokes in raw mode, echoes none of them, honours Backspace', async () => {
    const input = fakeTerminal();
    let shown = '';
    const answer = promptSecret(input as unknown as NodeJS.ReadStream, { write: (text) => (shown += text) }, 'token: ');
    input.emit('data', 'kt_secrex');
    input.emit('data', '\u007ft\r');
    expect(await answer).toBe('kt_secret');
    expect(shown).toBe('token: \n');
    expect(input.raw).toEqual([true, false]);
  });
});
