/**
 * A JSON array kept as the bytes it came in (UTF-8), each element decoded and parsed only when
 * asked for. GetInvoicesToSend has no paging: at 20,000 invoices its answer is about 14 MB, and
 * parsed whole it is held as tens of MB of objects until the last invoice is written (bench case
 * 8); decoded first, it is held once more as a string. Kept as bytes, only the elements of the
 * batch being written are objects at any time.
 */
export class JsonArrayText {
  constructor(
    private source: Uint8Array | null,
    private readonly starts: number[],
    private readonly ends: number[],
  ) {}

  /** Elements in the array. */
  get length(): number {
    return this.starts.length;
  }

  /** Element `index`, parsed; throws SyntaxError when that element alone is not JSON. */
  element(index: number): unknown {
    if (this.source === null) throw new Error('The answer was released.');
    return JSON.parse(utf8.decode(this.source.subarray(this.starts[index], this.ends[index])));
  }

  /** Lets go of the bytes (after the last element was taken). */
  release(): void {
    this.source = null;
  }
}

const utf8 = new TextDecoder('utf-8');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Finds where each top-level element of a JSON array starts and ends, in one pass over the bytes
 * that follows strings, escapes and nesting (UTF-8's multi-byte characters never hold a byte below
 * 0x80, so none is taken for a quote or a bracket). Answers null when the text is not one array whose
 * brackets, braces and strings close (a body cut off mid-way): the caller treats it as not JSON.
 * An element that is not JSON inside is found only when it is parsed.
 */
export function jsonArrayText(bytes: Uint8Array): JsonArrayText | null {
  // A byte-order mark, as the text decoder would drop it.
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && isSpace(bytes[at]!)) at++;
  if (bytes[at] !== OPEN_BRACKET) return null;
  const starts: number[] = [];
  const ends: number[] = [];
  let depth = 0;
  let inString = false;
  let elementStart = -1;
  let closed = false;
  for (at++; at < bytes.length; at++) {
    const c = bytes[at]!;
    if (inString) {
      if (c === BACKSLASH) at++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (isSpace(c)) continue;
    if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
      if (elementStart >= 0) {
        starts.push(elementStart);
        ends.push(at);
      } else if (c === COMMA || starts.length > 0) return null; // an empty element: "[,", "[1,,2]", "[1,]"
      elementStart = -1;
      if (c === CLOSE_BRACKET) {
        closed = true;
        break;
      }
      continue;
    }
    if (elementStart < 0) elementStart = at;
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth < 0) return null;
    }
  }
  if (!closed) return null;
  for (at++; at < bytes.length; at++) if (!isSpace(bytes[at]!)) return null;
  return new JsonArrayText(bytes, starts, ends);
}
