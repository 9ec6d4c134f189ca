/**
 * Damage reports: created and edited in the app, or imported from RestoreAssist's JSON. An import
 * is all or nothing per file, and a refused file gets one plain message per problem: too large,
 * text it cannot read, not JSON, or each field that is wrong. The other files import regardless.
 */
import { desc, eq, like, or } from 'drizzle-orm';
import type { z } from 'zod';
import { MAX_REPORT_FILE_BYTES, reportSchema, type ParsedInputOf } from '../../../shared/contract';
import type { Report, ReportImportResult, ReportRow } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { toCents } from '../../../shared/money';
import { recordState } from '../../../shared/record-state';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraJobs, reports } from '../db/schema';
import type { HandlerMap } from '../ipc/types';

const DAMAGE_WORDS = 'water, fire, storm, flood or mould';

/**
 * A value from a report file, as a message quotes it: text (cut short) and numbers as they are,
 * anything else by its kind. Never String() on a list or object: a list nested 500,000 deep
 * would overflow the stack (Array's toString recurses) and fail every file of the import.
 */
export function describeGiven(given: unknown): string {
  if (typeof given === 'string') return `"${given.length > 60 ? `${given.slice(0, 60)}…` : given}"`;
  if (typeof given === 'number' || typeof given === 'boolean') return `"${String(given)}"`;
  if (given === null) return 'empty (null)';
  if (Array.isArray(given)) return 'a list';
  return typeof given === 'object' ? 'an object' : typeof given;
}

/** zod's issues for a report, as sentences that name the field and what it needs. */
export function reportProblems(error: z.ZodError, input: unknown): string[] {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'report');
    const where = issue.path.length > 1 ? `${field} (line ${Number(issue.path[1]) + 1})` : field;
    const given = raw[field];
    if (given === undefined && issue.code === 'invalid_type') return `${field} is missing.`;
    switch (field) {
      case 'report_id':
        return `report_id must be a UUID (it is ${describeGiven(given)}).`;
      case 'damage_type':
        return `damage_type ${quotedOrKind(given)} is not one of ${DAMAGE_WORDS}.`;
      case 'severity':
        return `severity ${quotedOrKind(given)} is not one of Minor, Moderate, Major or Severe.`;
      case 'state':
        return `state ${quotedOrKind(given)} is not an Australian state or territory (NSW, VIC, QLD, WA, SA, TAS, ACT, NT).`;
      case 'total_cost':
        return typeof given === 'number' && given < 0
          ? 'total_cost must not be negative.'
          : 'total_cost must be a number of dollars.';
      case 'itemized_estimate':
        return Array.isArray(given)
          ? `${where}: ${issue.message}`
          : 'itemized_estimate must be a list of estimate lines.';
      case 'scope_of_work':
      case 'compliance_notes':
        return Array.isArray(given) ? `${where}: ${issue.message}` : `${field} must be a list of text lines.`;
      default:
        return `${where}: ${issue.message}`;
    }
  });
}

/** `"Flod"`, or `(a list)` for a value that is not text or a number. */
function quotedOrKind(given: unknown): string {
  const described = describeGiven(given);
  return described.startsWith('"') ? described : `(${described})`;
}

const AGAIN = 'Export the report from RestoreAssist again, or save the file as UTF-8.';

/**
 * A report file's text. UTF-8, with or without a byte order mark (Windows editors write one), and
 * UTF-16 little- or big-endian with one (Notepad's "Unicode"); anything else is named, not guessed:
 * read as UTF-8 regardless, a Windows-1252 "O’Brien" would be imported as "O�Brien".
 */
export function decodeReportFile(bytes: Uint8Array): { text: string } | { problem: string } {
  const starts = (...bom: number[]) => bom.every((b, i) => bytes[i] === b);
  // UTF-32's marks first: the little-endian one begins with UTF-16LE's.
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    return { problem: `The file is UTF-32 text, which the import does not read. ${AGAIN}` };
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    const body = Buffer.from(bytes.subarray(2));
    // Big-endian: swap each pair and read it as little-endian (Node's decoder may lack UTF-16BE).
    if (bytes[0] === 0xfe && body.length % 2 === 0) body.swap16();
    try {
      return { text: new TextDecoder('utf-16le', { fatal: true }).decode(body) };
    } catch {
      return { problem: `The file is marked as UTF-16 text but is cut short or damaged. ${AGAIN}` };
    }
  }
  const body = starts(0xef, 0xbb, 0xbf) ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    return {
      problem: `The file is not UTF-8 text: it holds NUL bytes (UTF-16 without a byte order mark, or not a text file). ${AGAIN}`,
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      problem: `The file is not UTF-8 text: line ${firstBadUtf8Line(body)} has bytes that are not UTF-8 (text saved as Windows-1252 or Latin-1?). ${AGAIN}`,
    };
  }
}

/** The line of the first byte that is not UTF-8: the shortest prefix a streaming decoder refuses. */
function firstBadUtf8Line(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    try {
      // stream: a sequence cut at the end is not an error, only a wrong byte is.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return bytes.subarray(0, good).filter((b) => b === 0x0a).length + 1;
}

type ImportedFile = ParsedInputOf<'reports.import'>['files'][number];
type ReportJob = Pick<
  typeof ascoraJobs.$inferSelect,
  'id' | 'jobNumber' | 'syncState' | 'remoteMissing' | 'keptLocally'
>;

/** A report's own date in ms for ordering the list; one without a date goes last. */
function reportTime(r: ReportRow): number {
  const ms = r.reportDate ? Date.parse(r.reportDate) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

export function createReportService(ctx: CoreContext) {
  function toRow(r: typeof reports.$inferSelect, job: ReportJob | null): ReportRow {
    const report = JSON.parse(r.dataJson) as Report;
    return {
      reportId: r.reportId,
      clientName: r.clientName,
      propertyAddress: r.propertyAddress,
      damageType: r.damageType as Report['damage_type'],
      severity: r.severity as Report['severity'],
      urgent: r.urgent,
      totalCostCents: r.totalCostCents,
      reportDate: report.created_at ?? report.updated_at ?? null,
      insurer: report.insurance_company,
      claimNumber: report.claim_number,
      jobId: job?.id ?? null,
      jobNumber: job?.jobNumber ?? null,
      jobState: job
        ? recordState({ ...job, remoteMissing: !!job.remoteMissing, keptLocally: !!job.keptLocally })
        : null,
    };
  }

  function list(search: string): ReportRow[] {
    const term = `%${search.replace(/[%_]/g, '')}%`;
    const rows = ctx.db
      .select({
        r: reports,
        job: {
          id: ascoraJobs.id,
          jobNumber: ascoraJobs.jobNumber,
          syncState: ascoraJobs.syncState,
          remoteMissing: ascoraJobs.remoteMissing,
          keptLocally: ascoraJobs.keptLocally,
        },
      })
      .from(reports)
      .leftJoin(ascoraJobs, eq(ascoraJobs.reportId, reports.reportId))
      .where(search ? or(like(reports.clientName, term), like(reports.propertyAddress, term)) : undefined)
      .orderBy(desc(reports.updatedAt))
      .all()
      .map(({ r, job }) => toRow(r, job));
    // Newest first by the report's own date (the date the list shows); the sort is stable, so
    // reports without one come last, newest import first (NaN || 0: equal).
    return rows.sort((a, b) => reportTime(b) - reportTime(a) || 0);
  }

  function get(reportId: string): Report {
    const row = ctx.db.select().from(reports).where(eq(reports.reportId, reportId)).get();
    if (!row) throw new AppError('NOT_FOUND', 'That report is no longer in the app. Refresh the list.');
    return JSON.parse(row.dataJson) as Report;
  }

  const hasJob = (reportId: string) =>
    !!ctx.db.select({ id: ascoraJobs.id }).from(ascoraJobs).where(eq(ascoraJobs.reportId, reportId)).get();
  const exists = (reportId: string) =>
    !!ctx.db.select({ id: reports.reportId }).from(reports).where(eq(reports.reportId, reportId)).get();

  function save(report: Report, mode: 'create' | 'update' | 'import'): Report {
    if (mode === 'create' && exists(report.report_id))
      throw new AppError('CONFLICT', 'A report with this id is already in the app. Open it to edit it.');
    if (mode === 'update' && !exists(report.report_id))
      throw new AppError('NOT_FOUND', 'That report is no longer in the app.');
    if (mode !== 'create' && hasJob(report.report_id)) {
      throw new AppError(
        'CONFLICT',
        'A job was already created from this report, and Ascora jobs cannot be corrected after they are created. Make the change in Ascora.',
      );
    }
    const now = isoNow(ctx.clock);
    // A report made in the app is dated when it is made; an edit keeps the date it had.
    if (mode === 'create' && !report.created_at) report = { ...report, created_at: now };
    const values = {
      clientName: report.client_name,
      propertyAddress: report.property_address,
      damageType: report.damage_type,
      severity: report.severity,
      urgent: report.urgent,
      totalCostCents: toCents(report.total_cost),
      dataJson: JSON.stringify(report),
      updatedAt: now,
    };
    ctx.db
      .insert(reports)
      .values({ reportId: report.report_id, ...values, createdAt: now })
      .onConflictDoUpdate({ target: reports.reportId, set: values })
      .run();
    ctx.events.emit('record.changed', { entity: 'report', ids: 'many' });
    return report;
  }

  function importFiles(files: ImportedFile[]): ReportImportResult[] {
    return files.map((file) => {
      try {
        return importFile(file);
      } catch (error) {
        // A file this import did not foresee fails on its own: the other files still get theirs.
        ctx.logger.error('report file import failed', {
          fileName: file.fileName,
          cause: error instanceof Error ? error.message : typeof error,
        });
        return {
          fileName: file.fileName,
          ok: false,
          outcome: 'refused',
          reportId: null,
          problems: [
            'The file could not be imported because of a problem in RestoreAssist Desk. The details are in the log.',
          ],
        };
      }
    });
  }

  function importFile({ fileName, contentBase64 }: ImportedFile): ReportImportResult {
    const refused = (problem: string): ReportImportResult => ({
      fileName,
      ok: false,
      outcome: 'refused',
      reportId: null,
      problems: [problem],
    });
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64) || contentBase64.length % 4 !== 0) {
      return refused('The file could not be read. Pick it again.');
    }
    const bytes = Buffer.from(contentBase64, 'base64');
    // Per file, here rather than in the contract: one file too large is refused on its own.
    if (bytes.length > MAX_REPORT_FILE_BYTES) {
      return refused(
        `The file is larger than ${MAX_REPORT_FILE_BYTES / 1024 / 1024} MB, and a RestoreAssist report is a few KB. Check that you picked the right file.`,
      );
    }
    const decoded = decodeReportFile(bytes);
    if ('problem' in decoded) return refused(decoded.problem);
    let input: unknown;
    try {
      input = JSON.parse(decoded.text);
    } catch {
      return refused('The file is not valid JSON: export the report from RestoreAssist again.');
    }
    if (!input || typeof input !== 'object' || Array.isArray(input))
      return refused('The file does not hold one report (a JSON object).');
    // RestoreAssist's dates (created_at, updated_at) are kept for the list's Report date; other extra fields are not kept.
    const parsed = reportSchema.safeParse(input);
    if (!parsed.success)
      return {
        fileName,
        ok: false,
        outcome: 'refused',
        reportId: null,
        problems: reportProblems(parsed.error, input),
      };
    const report = parsed.data as Report;
    const reportId = report.report_id;
    const stored = ctx.db.select({ json: reports.dataJson }).from(reports).where(eq(reports.reportId, reportId)).get();
    // The same report again (imported twice, or the same file picked twice): one report, said so.
    if (stored && stored.json === JSON.stringify(report))
      return { fileName, ok: true, outcome: 'already_here', reportId, problems: [] };
    if (stored && hasJob(reportId))
      return {
        fileName,
        ok: true,
        outcome: 'already_here',
        reportId,
        problems: [
          'This file differs from the report here, but a job was already made from it and Ascora jobs cannot be corrected after they are created, so the report here was kept as it was.',
        ],
      };
    try {
      save(report, 'import');
      return { fileName, ok: true, outcome: stored ? 'updated' : 'imported', reportId, problems: [] };
    } catch (error) {
      return {
        fileName,
        ok: false,
        outcome: 'refused',
        reportId,
        problems: [error instanceof Error ? error.message : String(error)],
      };
    }
  }

  const handlers = {
    'reports.list': ({ search }) => list(search),
    'reports.get': ({ reportId }) => get(reportId),
    'reports.create': ({ report }) => save(report as Report, 'create'),
    'reports.update': ({ report }) => save(report as Report, 'update'),
    'reports.import': ({ files }) => importFiles(files),
  } satisfies HandlerMap;
  return { list, get, save, importFiles, handlers };
}
