/**
 * A JSON array kept as the bytes it came in (UTF-8), as the chunks the socket delivered them in,
 * each element decoded and parsed only when asked for. GetInvoicesToSend has no paging: at 20,000
 * invoices its answer is about 14 MB, and parsed whole it is held as tens of MB of objects until
 * the last invoice is written (bench case 8); decoded first, it is held once more as a string, and
 * joined into one buffer, once more as bytes for as long as the chunks wait to be collected. Kept
 * as chunks, only the elements of the batch being written are objects at any time, and each chunk
 * is let go once every element in it has been taken.
 */
export class JsonArrayText {
  constructor(
    /** The answer's chunks; null once let go. */
    private readonly chunks: (Uint8Array | null)[],
    /** Where each chunk starts in the whole answer. */
    private readonly chunkStarts: number[],
    private readonly starts: number[],
    private readonly ends: number[],
  ) {}

  /** Elements in the array. */
  get length(): number {
    return this.starts.length;
  }

  /** Element `index`, parsed; throws SyntaxError when that element alone is not JSON. */
  element(index: number): unknown {
    return JSON.parse(utf8.decode(this.bytes(this.starts[index]!, this.ends[index]!)));
  }

  /**
   * Lets go of the chunks that hold only elements before `index` (they are taken in order, each
   * once): the answer's memory falls as its invoices are written.
   */
  releaseBefore(index: number): void {
    const keepFrom = index < this.starts.length ? this.starts[index]! : Infinity;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (!chunk) continue;
      if (this.chunkStarts[c]! + chunk.length > keepFrom) break;
      this.chunks[c] = null;
    }
  }

  /** Lets go of the bytes (after the last element was taken). */
  release(): void {
    this.chunks.fill(null);
  }

  /** The answer's bytes from `from` to `to`: a view of one chunk, or a copy joined from several. */
  private bytes(from: number, to: number): Uint8Array {
    let c = this.chunkHolding(from);
    const first = this.chunks[c];
    if (!first) throw new Error('The answer was released.');
    const offset = from - this.chunkStarts[c]!;
    if (offset + (to - from) <= first.length) return first.subarray(offset, offset + (to - from));
    const joined = new Uint8Array(to - from);
    for (let at = from; at < to; c++) {
      const chunk = this.chunks[c];
      if (!chunk) throw new Error('The answer was released.');
      const piece = chunk.subarray(at - this.chunkStarts[c]!, Math.min(chunk.length, to - this.chunkStarts[c]!));
      joined.set(piece, at - from);
      at += piece.length;
    }
    return joined;
  }

  /** The chunk that holds byte `at` (a binary search over where the chunks start). */
  private chunkHolding(at: number): number {
    let low = 0;
    let high = this.chunkStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.chunkStarts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
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
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Finds where each top-level element of a JSON array starts and ends, in one pass over the bytes
 * (one buffer, or the chunks they came in: an element, a string or an escape may run across two)
 * that follows strings, escapes and nesting (UTF-8's multi-byte characters never hold a byte below
 * 0x80, so none is taken for a quote or a bracket). Answers null when the text is not one array
 * whose brackets, braces and strings close (a body cut off mid-way): the caller treats it as not
 * JSON. An element that is not JSON inside is found only when it is parsed.
 */
export function jsonArrayText(answer: Uint8Array | readonly Uint8Array[]): JsonArrayText | null {
  const chunks = (Array.isArray(answer) ? answer : [answer]).filter((chunk) => chunk.length > 0);
  const chunkStarts: number[] = [];
  let total = 0;
  for (const chunk of chunks) {
    chunkStarts.push(total);
    total += chunk.length;
  }
  const head = chunks.slice(0, 3).flatMap((chunk) => [...chunk.subarray(0, 3)]);
  const markLength = BYTE_ORDER_MARK.every((byte, i) => head[i] === byte) ? 3 : 0;
  const starts: number[] = [];
  const ends: number[] = [];
  /** before: before the opening bracket; inside: in the array; after: past its closing bracket. */
  let where: 'before' | 'inside' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = -1;
  let at = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, at++) {
      const c = chunk[i]!;
      if (where === 'before') {
        // A byte-order mark, as the text decoder would drop it, then spaces, then the bracket.
        if (at < markLength || isSpace(c)) continue;
        if (c !== OPEN_BRACKET) return null;
        where = 'inside';
        continue;
      }
      if (where === 'after') {
        if (!isSpace(c)) return null;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
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
        if (c === CLOSE_BRACKET) where = 'after';
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
  }
  if (where !== 'after') return null;
  return new JsonArrayText(chunks, chunkStarts, starts, ends);
}
