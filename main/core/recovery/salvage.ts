/**
 * What can still be read of the work that is not in Ascora, from a local copy that would not open
 * (issue 22): the outbox's unsent changes and the local-only work (statuses set here, notes,
 * attachments not yet entered in Ascora by hand). The file is opened read-only and read row by
 * row, in id order, each row fetched on its own: a damaged page loses the rows on it, and the
 * reader seeks past it (binary search for the first id whose look-up works again) to the rest.
 * Nothing is written to the file.
 */
import type { LocalOnlyWork, RecoveredConnection, RecoveredWork, UnsentChanges } from '../../../shared/domain';
import { formatMoney } from '../../../shared/format';
import { openConnection, type DatabaseKey } from '../db/connection';
import type { Sqlite } from '../db/types';
import { holdsWords, jobWords, LOCAL_ONLY_NAMED } from '../services/local-only';
import { CHANGE_WORDS, UNSENT_NAMED } from '../services/problems';

/** One thing read from the damaged file, as the export writes it. */
export interface SalvagedItem {
  connection: string;
  kind: 'Unsent change' | 'Status' | 'Note' | 'Attachment';
  /** For an unsent change, what it is ("New customer"); otherwise the job's words. */
  what: string;
  /** The record's name, the status, the note's text or the file's name. */
  text: string;
  by: string;
  at: string;
  jobId: number | null;
  attachment: { storedName: string; fileName: string; mimeType: string } | null;
}

export interface Salvage {
  work: RecoveredWork;
  items: SalvagedItem[];
}

const UNSENT_STATES = `('pending', 'sending', 'failed', 'needs_check')`;
const UNREADABLE = '(could not be read from the damaged file)';
/** The highest id the reader seeks to past damage (SQLite's rowids are 64-bit; the app's stay far below). */
const HIGHEST_ID = 2 ** 53 - 1;

/** Opens `file` read-only and reads what it can; `whyNot` is the note when it cannot be opened at all. */
export function salvageWork(file: string, key: DatabaseKey | null, whyNot: string | null): Salvage {
  if (whyNot !== null) return nothingReadable(whyNot);
  let sqlite: Sqlite;
  try {
    sqlite = openConnection(file, { key, readonly: true, fileMustExist: true });
  } catch (error) {
    return nothingReadable(
      `The file could not be opened to read it (${error instanceof Error ? error.message : String(error)}). It is kept as it is.`,
    );
  }
  try {
    return readAll(new RowReader(sqlite));
  } finally {
    sqlite.close();
  }
}

function nothingReadable(note: string): Salvage {
  return { work: { readable: false, note, connections: [], unreadable: 0 }, items: [] };
}

class RowReader {
  unreadable = 0;
  constructor(readonly sqlite: Sqlite) {}

  /**
   * Each row of `table` matching `where`, in id order; a row or a damaged run of rows that cannot
   * be read is counted and passed. The matching rows are found by a filtered scan; when it meets
   * damage, the walk goes on row by row (one cheap seek each) to the damaged page, and past it by
   * binary search on the unfiltered seek, then scans filtered again. (Searching with the filtered
   * scan itself would rescan the rest of the table at each probe: minutes on a large mirror.)
   */
  *rows<T>(table: string, columns: string, where = '1'): Generator<T & { id: number }> {
    let nextMatching;
    let nextAny;
    let one;
    try {
      nextMatching = this.sqlite
        .prepare(`SELECT id FROM "${table}" WHERE id > ? AND (${where}) ORDER BY id LIMIT 1`)
        .pluck();
      nextAny = this.sqlite.prepare(`SELECT id FROM "${table}" WHERE id > ? ORDER BY id LIMIT 1`).pluck();
      one = this.sqlite.prepare(`SELECT id, ${columns} FROM "${table}" WHERE id = ? AND (${where})`);
    } catch {
      this.unreadable++;
      return;
    }
    const seekAny = (after: number) => nextAny.get(after) as number | undefined;
    let after = 0;
    let scanning = true;
    for (;;) {
      let id: number | undefined;
      try {
        id = (scanning ? nextMatching.get(after) : seekAny(after)) as number | undefined;
      } catch {
        if (scanning) {
          scanning = false;
          continue;
        }
        this.unreadable++;
        const past = firstWorking(after, seekAny);
        if (past === null) return;
        after = past;
        scanning = true;
        continue;
      }
      if (id === undefined) return;
      after = id;
      try {
        const row = one.get(id) as (T & { id: number }) | undefined;
        if (row) yield row;
      } catch {
        this.unreadable++;
      }
    }
  }

  /** One row by id, or null when it is missing or cannot be read. */
  one<T>(table: string, columns: string, id: number): T | null {
    try {
      return (this.sqlite.prepare(`SELECT ${columns} FROM "${table}" WHERE id = ?`).get(id) as T | undefined) ?? null;
    } catch {
      return null;
    }
  }
}

/**
 * The smallest id after `failing` from which a seek works again: the ids of one damaged page are a
 * contiguous run, so the seeks fail up to its end and work after it. Null when none does (the
 * table's root is damaged).
 */
function firstWorking(failing: number, seek: (after: number) => unknown): number | null {
  const works = (after: number) => {
    try {
      seek(after);
      return true;
    } catch {
      return false;
    }
  };
  let bad = failing;
  let step = 1;
  let good = bad + step;
  while (!works(good)) {
    if (good >= HIGHEST_ID) return null;
    bad = good;
    step *= 2;
    good = Math.min(HIGHEST_ID, bad + step);
  }
  while (good - bad > 1) {
    const middle = Math.floor((bad + good) / 2);
    if (works(middle)) good = middle;
    else bad = middle;
  }
  return good;
}

interface JobRow {
  integrationId: number | null;
  words: string;
}

function readAll(reader: RowReader): Salvage {
  const names = new Map<number, string>();
  for (const row of reader.rows<{ name: string }>('ascora_integrations', 'display_name AS name'))
    names.set(row.id, row.name);
  const connectionOf = (integrationId: number | null) =>
    (integrationId !== null ? names.get(integrationId) : undefined) ??
    (names.size === 1 ? [...names.values()][0]! : 'A connection whose name could not be read');

  const jobs = new Map<number, JobRow>();
  const jobOf = (jobId: number): JobRow => {
    let job = jobs.get(jobId);
    if (!job) {
      const row = reader.one<{ integrationId: number; jobNumber: string | null; jobName: string }>(
        'ascora_jobs',
        'integration_id AS integrationId, job_number AS jobNumber, job_name AS jobName',
        jobId,
      );
      job = row
        ? { integrationId: row.integrationId, words: jobWords(row) }
        : { integrationId: null, words: `A job whose details could not be read (local number ${jobId})` };
      jobs.set(jobId, job);
    }
    return job;
  };

  const items: SalvagedItem[] = [];
  const unsentOf = new Map<string, UnsentChanges>();
  for (const change of reader.rows<{ integrationId: number; kind: string; recordId: number; at: string }>(
    'outbox',
    'integration_id AS integrationId, kind, record_id AS recordId, created_at AS at',
    `state IN ${UNSENT_STATES}`,
  )) {
    const connection = connectionOf(change.integrationId);
    const what = CHANGE_WORDS[change.kind] ?? change.kind;
    const name = recordName(reader, change.kind, change.recordId, jobOf);
    const unsent = unsentOf.get(connection) ?? { count: 0, first: [] };
    unsent.count++;
    if (unsent.first.length < UNSENT_NAMED) unsent.first.push({ what, name, open: null });
    unsentOf.set(connection, unsent);
    items.push({
      connection,
      kind: 'Unsent change',
      what,
      text: name,
      by: '',
      at: change.at,
      jobId: null,
      attachment: null,
    });
  }

  /** Per connection, per job: what it holds kept only here. */
  const held = new Map<string, Map<number, { status: string | null; notes: number; attachments: number }>>();
  const holdingOf = (jobId: number) => {
    const connection = connectionOf(jobOf(jobId).integrationId);
    const perJob = held.get(connection) ?? new Map();
    held.set(connection, perJob);
    const entry = perJob.get(jobId) ?? { status: null, notes: 0, attachments: 0 };
    perJob.set(jobId, entry);
    return { connection, entry, job: jobOf(jobId).words };
  };
  for (const job of reader.rows<{ status: string; at: string }>(
    'ascora_jobs',
    'local_status_text AS status, updated_at AS at',
    'local_status_text IS NOT NULL AND local_status_entered_at IS NULL',
  )) {
    const { connection, entry, job: words } = holdingOf(job.id);
    entry.status = job.status;
    items.push({
      connection,
      kind: 'Status',
      what: words,
      text: job.status,
      by: '',
      at: job.at,
      jobId: job.id,
      attachment: null,
    });
  }
  for (const note of reader.rows<{ jobId: number; text: string; author: string; at: string }>(
    'job_notes',
    'job_id AS jobId, text, author, COALESCE(edited_at, created_at) AS at',
    'entered_at IS NULL',
  )) {
    const { connection, entry, job } = holdingOf(note.jobId);
    entry.notes++;
    items.push({
      connection,
      kind: 'Note',
      what: job,
      text: note.text,
      by: note.author,
      at: note.at,
      jobId: note.jobId,
      attachment: null,
    });
  }
  for (const file of reader.rows<{ jobId: number; fileName: string; mimeType: string; storedName: string; at: string }>(
    'job_attachments',
    'job_id AS jobId, file_name AS fileName, mime_type AS mimeType, stored_name AS storedName, created_at AS at',
    'entered_at IS NULL',
  )) {
    const { connection, entry, job } = holdingOf(file.jobId);
    entry.attachments++;
    items.push({
      connection,
      kind: 'Attachment',
      what: job,
      text: file.fileName,
      by: '',
      at: file.at,
      jobId: file.jobId,
      attachment: { storedName: file.storedName, fileName: file.fileName, mimeType: file.mimeType },
    });
  }

  const connectionNames = new Set([...names.values(), ...unsentOf.keys(), ...held.keys()]);
  const connections: RecoveredConnection[] = [...connectionNames].map((name) => ({
    name,
    unsent: unsentOf.get(name) ?? { count: 0, first: [] },
    localOnly: localOnlyOf(held.get(name), jobOf),
  }));
  const note =
    reader.unreadable > 0
      ? 'Some parts of the file could not be read: what is shown is what could be. The rest may be in a backup.'
      : null;
  return { work: { readable: true, note, connections, unreadable: reader.unreadable }, items };
}

function localOnlyOf(
  perJob: Map<number, { status: string | null; notes: number; attachments: number }> | undefined,
  jobOf: (jobId: number) => JobRow,
): LocalOnlyWork {
  const entries = [...(perJob ?? new Map<number, { status: string | null; notes: number; attachments: number }>())];
  return {
    jobCount: entries.length,
    statusCount: entries.filter(([, e]) => e.status !== null).length,
    noteCount: entries.reduce((n, [, e]) => n + e.notes, 0),
    attachmentCount: entries.reduce((n, [, e]) => n + e.attachments, 0),
    first: entries.slice(0, LOCAL_ONLY_NAMED).map(([jobId, e]) => ({ job: jobOf(jobId).words, holds: holdsWords(e) })),
  };
}

/** The record an unsent change is about, in words, as the Sync centre names it (services/problems.ts). */
function recordName(reader: RowReader, kind: string, recordId: number, jobOf: (jobId: number) => JobRow): string {
  if (kind === 'create_customer' || kind === 'update_customer') {
    const c = reader.one<{ name: string }>('ascora_customers', 'customer_name AS name', recordId);
    return c ? c.name || 'A customer with no name' : UNREADABLE;
  }
  if (kind === 'create_job') return jobOf(recordId).words;
  if (kind === 'create_payment') {
    const p = reader.one<{ receipt: string; amount: number }>(
      'payments',
      'receipt_number AS receipt, amount_cents AS amount',
      recordId,
    );
    return p ? `${p.receipt} of ${formatMoney(p.amount)}` : UNREADABLE;
  }
  return UNREADABLE;
}
