/**
 * What free text (names, references, postal codes) may hold. It is shown to officers, printed
 * on filings and compared for duplicates, so it must read the same to a person and a machine:
 * one line, Unicode NFC, nothing invisible, nothing that reorders or hides what follows.
 */

export type TextFault = { code: 'text_forbidden_characters' | 'text_too_long'; reason: string };
export type TextCheck = { text: string } | TextFault;

/** Half of a UTF-16 surrogate pair without its other half (JSON `"\ud800"`): not text at all. */
const LONE_SURROGATE = /\p{Cs}/u;
/** C0 and C1 controls (NUL, tab, newline, DEL, ...), line and paragraph separators, private use. */
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}\p{Co}]/u;
/** Letters and marks that draw nothing: Hangul fillers, Khmer inherent vowels, the combining grapheme joiner, the blank Braille cell. */
const INVISIBLE = /\u034f|\u115f|\u1160|\u17b4|\u17b5|\u2800|\u3164|\uffa0/u;
/** Format characters: bidi embeddings, overrides, isolates and marks, zero-width space, word joiner, BOM, soft hyphen, tags. */
const FORMAT = /\p{Cf}/u;
const ZERO_WIDTH_JOINERS = new Set(['\u200c', '\u200d']);
const WHITESPACE = /\s/u;
/** Five or more combining marks on one letter is "Zalgo" text; no script needs it after NFC. */
const MARK_PILE = /\p{M}{5}/u;
const LEADING_MARK = /^\p{M}/u;

const forbidden = (reason: string): TextFault => ({ code: 'text_forbidden_characters', reason });

/**
 * ZWJ (emoji sequences) and ZWNJ (Persian, Indic scripts) are part of how words are written,
 * so they may join two visible characters, one at a time. Every other format character, and
 * a joiner at an edge, beside a space or beside another joiner, is refused.
 */
function formatFault(codePoints: readonly string[]): TextFault | null {
  for (let i = 0; i < codePoints.length; i += 1) {
    const c = codePoints[i];
    if (!FORMAT.test(c)) continue;
    if (!ZERO_WIDTH_JOINERS.has(c)) return forbidden('contains invisible formatting or bidirectional-override characters');
    const [before, after] = [codePoints[i - 1], codePoints[i + 1]];
    const joins = (neighbour: string | undefined) => neighbour !== undefined && !WHITESPACE.test(neighbour) && !FORMAT.test(neighbour);
    if (!joins(before) || !joins(after)) return forbidden('has a zero-width joiner that joins nothing');
  }
  return null;
}

/**
 * Normalises a piece of text (NFC, spaces trimmed) and checks it, or says what is wrong.
 * Empty text comes back empty: whether that is allowed is the caller's business. Length is
 * counted in code points after normalisation, so "é" is one whichever way it was sent.
 */
export function checkText(value: string, maxCodePoints: number): TextCheck {
  if (value.length > maxCodePoints * 4 + 16) return { code: 'text_too_long', reason: `is longer than ${maxCodePoints} characters` };
  if (LONE_SURROGATE.test(value)) return forbidden('is not well-formed Unicode (a lone surrogate)');
  if (CONTROL.test(value)) return forbidden('contains control, line-break or private-use characters');
  const text = value.normalize('NFC').trim();
  const codePoints = [...text];
  const format = formatFault(codePoints);
  if (format !== null) return format;
  if (INVISIBLE.test(text)) return forbidden('contains characters that draw nothing');
  if (LEADING_MARK.test(text) || MARK_PILE.test(text)) return forbidden('has combining marks with no letter or piled on one letter');
  if (codePoints.length > maxCodePoints) return { code: 'text_too_long', reason: `is longer than ${maxCodePoints} characters` };
  return { text };
}
