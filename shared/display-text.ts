/**
 * Text from Ascora (or any file or person) as it is shown and exported: the characters that change
 * how the text around them reads, rather than being read, are taken out. Right-to-left override
 * makes "In Progress\u202Egnp.exe" show as "In Progressexe.png" (the Trojan Source trick), and a
 * control character can break a cell or a line. The mirror keeps Ascora's text exactly (it is sent
 * back as it came); only what a person sees or exports is neutralised.
 *
 * Taken out: the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)
 * and the C0 and C1 control characters other than tab, line feed and carriage return. Kept: every
 * letter of every script, the left-to-right and right-to-left marks (U+200E, U+200F, U+061C),
 * which only nudge neutral characters and are part of ordinary Arabic and Hebrew text, and the
 * zero-width joiners that emoji and Indic scripts need.
 */
// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;

/** The text without the characters that reorder or break it (see above). */
export function plainText(text: string): string {
  return text.replace(HIDDEN_CONTROLS, '');
}

/** The deepest a record shown in a panel nests (a job's contact, its attachments' names). */
const RECORD_DEPTH = 4;

/**
 * A record for showing, every string in it through plainText: a list row, or a panel's record.
 * Copied only where something is taken out; a record with nothing to take out (nearly every one)
 * is the same object, so a list of 100,000 rows is held once, not twice. Nesting below
 * RECORD_DEPTH is left as it is (no record shown has any), and nothing recurses on the data's own
 * depth.
 */
export function plainRecord<T>(record: T): T {
  return plainValue(record, RECORD_DEPTH) as T;
}

function plainValue(value: unknown, depthLeft: number): unknown {
  if (typeof value === 'string') return plainText(value);
  if (depthLeft === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const shown = plainValue(item, depthLeft - 1);
      if (shown !== item) (copy ??= value.slice())[i] = shown;
    });
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const shown = plainValue(item, depthLeft - 1);
    if (shown !== item) (copy ??= { ...value })[key] = shown;
  }
  return copy ?? value;
}
