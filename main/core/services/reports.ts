/**
 * Damage reports: created and edited in the app, or imported from RestoreAssist's JSON. An import
 * is all or nothing per file, and a refused file gets one plain message per problem.
 */
import { desc, eq, like, or } from 'drizzle-orm';
import type { z } from 'zod';
import { reportSchema } from '../../../shared/contract';
import type { Report, ReportImportResult, ReportRow } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { toCents } from '../../../shared/money';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraJobs, reports } from '../db/schema';
import type { HandlerMap } from '../ipc/types';

const DAMAGE_WORDS = 'water, fire, storm, flood or mould';

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
        return `report_id must be a UUID (it is "${String(given)}").`;
      case 'damage_type':
        return `damage_type "${String(given)}" is not one of ${DAMAGE_WORDS}.`;
      case 'severity':
        return `severity "${String(given)}" is not one of Minor, Moderate, Major or Severe.`;
      case 'state':
        return `state "${String(given)}" is not an Australian state or territory (NSW, VIC, QLD, WA, SA, TAS, ACT, NT).`;
      case 'total_cost':
        return typeof given === 'number' && given < 0 ? 'total_cost must not be negative.' : 'total_cost must be a number of dollars.';
      case 'itemized_estimate':
        return Array.isArray(given) ? `${where}: ${issue.message}` : 'itemized_estimate must be a list of estimate lines.';
      case 'scope_of_work':
      case 'compliance_notes':
        return Array.isArray(given) ? `${where}: ${issue.message}` : `${field} must be a list of text lines.`;
      default:
        return `${where}: ${issue.message}`;
    }
  });
}

export function createReportService(ctx: CoreContext) {
  function toRow(r: typeof reports.$inferSelect, jobId: number | null): ReportRow {
    return {
      reportId: r.reportId,
      clientName: r.clientName,
      propertyAddress: r.propertyAddress,
      damageType: r.damageType as Report['damage_type'],
      severity: r.severity as Report['severity'],
      urgent: r.urgent,
      totalCostCents: r.totalCostCents,
      updatedAt: r.updatedAt,
      jobId,
    };
  }

  function list(search: string): ReportRow[] {
    const term = `%${search.replace(/[%_]/g, '')}%`;
    return ctx.db
      .select({ r: reports, jobId: ascoraJobs.id })
      .from(reports)
      .leftJoin(ascoraJobs, eq(ascoraJobs.reportId, reports.reportId))
      .where(search ? or(like(reports.clientName, term), like(reports.propertyAddress, term)) : undefined)
      .orderBy(desc(reports.updatedAt))
      .all()
      .map(({ r, jobId }) => toRow(r, jobId));
  }

  function get(reportId: string): Report {
    const row = ctx.db.select().from(reports).where(eq(reports.reportId, reportId)).get();
    if (!row) throw new AppError('NOT_FOUND', 'That report is no longer in the app. Refresh the list.');
    return JSON.parse(row.dataJson) as Report;
  }

  const hasJob = (reportId: string) => !!ctx.db.select({ id: ascoraJobs.id }).from(ascoraJobs).where(eq(ascoraJobs.reportId, reportId)).get();
  const exists = (reportId: string) => !!ctx.db.select({ id: reports.reportId }).from(reports).where(eq(reports.reportId, reportId)).get();

  function save(report: Report, mode: 'create' | 'update' | 'import'): Report {
    if (mode === 'create' && exists(report.report_id)) throw new AppError('CONFLICT', 'A report with this id is already in the app. Open it to edit it.');
    if (mode === 'update' && !exists(report.report_id)) throw new AppError('NOT_FOUND', 'That report is no longer in the app.');
    if (mode !== 'create' && hasJob(report.report_id)) {
      throw new AppError('CONFLICT', 'A job was already created from this report, and Ascora jobs cannot be corrected after they are created. Make the change in Ascora.');
    }
    const now = isoNow(ctx.clock);
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

  function importFiles(files: { fileName: string; content: string }[]): ReportImportResult[] {
    return files.map(({ fileName, content }) => {
      let input: unknown;
      try {
        input = JSON.parse(content);
      } catch {
        return { fileName, ok: false, reportId: null, problems: ['The file is not valid JSON: export the report from RestoreAssist again.'] };
      }
      if (!input || typeof input !== 'object' || Array.isArray(input)) {
        return { fileName, ok: false, reportId: null, problems: ['The file does not hold one report (a JSON object).'] };
      }
      // Extra fields RestoreAssist adds (created_at, updated_at) are accepted and not kept.
      const parsed = reportSchema.safeParse(input);
      if (!parsed.success) return { fileName, ok: false, reportId: null, problems: reportProblems(parsed.error, input) };
      try {
        save(parsed.data as Report, 'import');
        return { fileName, ok: true, reportId: parsed.data.report_id, problems: [] };
      } catch (error) {
        return { fileName, ok: false, reportId: parsed.data.report_id, problems: [error instanceof Error ? error.message : String(error)] };
      }
    });
  }

  const handlers: HandlerMap = {
    'reports.list': ({ search }) => list(search),
    'reports.get': ({ reportId }) => get(reportId),
    'reports.create': ({ report }) => save(report as Report, 'create'),
    'reports.update': ({ report }) => save(report as Report, 'update'),
    'reports.import': ({ files }) => importFiles(files),
  };
  return { list, get, save, importFiles, handlers };
}
