/**
 * Text from the image (paths, tags, names, notes that quote them) made safe
 * to print: every control character, and the Unicode line and paragraph
 * separators, shown as an escape (`\n` as `\x0a`). A path holding a line
 * break could otherwise start a line of its own, which the runner would read
 * as a workflow command (`::add-mask::`, `::error::`…): SPEC guarantee 6.
 */
export function shownText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
