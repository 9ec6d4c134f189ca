/**
 * A RestoreAssist report as an Ascora job and site customer, exactly as ascora-api.md section 5
 * says. Severity, urgency, damage type and insurer have no Ascora field, so they go in the
 * description; priority or job type values are never invented.
 */
import type { JobPreview, Report } from '../../../shared/domain';
import { formatMoney } from '../../../shared/format';
import { addGst, removeGst, toCents } from '../../../shared/money';
import { jobMarker } from '../sync/mapping';

const DAMAGE_LABEL: Record<Report['damage_type'], string> = {
  water: 'Water',
  fire: 'Fire',
  storm: 'Storm',
  flood: 'Flood',
  mold: 'Mould',
};
const COMPANY_WORDS =
  /\b(pty|ltd|limited|trust|strata|body corporate|owners corporation|council|inc|incorporated|partners)\b/i;
const JOB_NAME_MAX = 100;

export interface ParsedAddress {
  addressLine1: string;
  suburb: string;
  state: string;
  postcode: string;
}

/** `<street>, <suburb> <STATE> <dddd>`, e.g. "3/27 Elizabeth Street, Hobart TAS 7000". */
export function parseAustralianAddress(text: string): ParsedAddress | null {
  const match =
    /^\s*(.+?)\s*,\s*([A-Za-z][A-Za-z' .-]*?)\s*,?\s+(NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s*,?\s+(\d{4})\s*$/i.exec(
      text.replace(/\s+/g, ' '),
    );
  if (!match) return null;
  return {
    addressLine1: match[1]!.trim(),
    suburb: match[2]!.trim(),
    state: match[3]!.toUpperCase(),
    postcode: match[4]!,
  };
}

/** The marker on the description's last line that finds the job again (sync/mapping.ts). */
export { jobMarker };

const dollars = (amount: number) => formatMoney(toCents(amount));

export function mapReportToJob(
  report: Report,
  options: { reportTotalsIncludeGst: boolean },
): JobPreview['job'] & { warnings: string[]; marker: string } {
  const warnings: string[] = [];
  const parsed = parseAustralianAddress(report.property_address);
  if (!parsed)
    warnings.push(
      'The property address could not be split into street, suburb, state and postcode: check it in the preview.',
    );
  const address = parsed ?? { addressLine1: report.property_address, suburb: '', state: report.state, postcode: '' };

  const totalCents = toCents(report.total_cost);
  const exCents = options.reportTotalsIncludeGst ? removeGst(totalCents) : totalCents;
  const incCents = addGst(exCents);
  const linesCents = report.itemized_estimate.reduce((sum, l) => sum + toCents(l.totalCost), 0);
  if (report.itemized_estimate.length > 0 && linesCents !== totalCents) {
    warnings.push(
      `The estimate lines add up to ${formatMoney(linesCents)}, but the report's total is ${formatMoney(totalCents)}.`,
    );
  }

  const label = DAMAGE_LABEL[report.damage_type];
  const place = [address.addressLine1, address.suburb].filter(Boolean).join(', ');
  const jobName = `${label} damage – ${place}`.slice(0, JOB_NAME_MAX);
  const marker = jobMarker(report.report_id);
  const lines: string[] = [];
  if (report.summary) lines.push(report.summary);
  if (report.damage_description) lines.push(report.damage_description);
  lines.push(`Damage: ${label}. Severity: ${report.severity}${report.urgent ? ', URGENT' : ''}`);
  if (report.insurance_company || report.claim_number) {
    lines.push(`Insurer: ${report.insurance_company || '—'}, Claim: ${report.claim_number || '—'}`);
  }
  if (report.scope_of_work.length > 0) lines.push('Scope of work:', ...report.scope_of_work.map((s) => `- ${s}`));
  if (report.itemized_estimate.length > 0) {
    lines.push(
      'Estimate:',
      ...report.itemized_estimate.map(
        (l) =>
          `- ${l.description}: ${l.quantity} ${l.unit} × ${dollars(l.unitCost)} = ${dollars(l.totalCost)} [${l.category}]`,
      ),
    );
  }
  if (report.authority_to_proceed) lines.push(`Authority to proceed: ${report.authority_to_proceed}`);
  if (report.compliance_notes.length > 0) lines.push(`Compliance: ${report.compliance_notes.join('; ')}`);
  lines.push(marker);

  return {
    jobName,
    jobDescription: lines.join('\n'),
    pricingMethod: 'FIXED-PRICE',
    totalExTaxCents: exCents,
    totalIncTaxCents: incCents,
    addressLine1: address.addressLine1,
    suburb: address.suburb,
    state: address.state,
    postcode: address.postcode,
    country: 'Australia',
    clientOrderNumber: report.claim_number,
    addressNeedsReview: !parsed,
    warnings,
    marker,
  };
}

export function mapReportToNewCustomer(report: Report): JobPreview['newCustomer'] {
  const name = report.client_name.trim();
  const isCompany = COMPANY_WORDS.test(name);
  const [first, ...rest] = name.split(/\s+/);
  const parsed = parseAustralianAddress(report.property_address);
  return {
    contactFirstName: isCompany ? '' : (first ?? ''),
    contactLastName: isCompany ? '' : rest.join(' '),
    companyName: isCompany ? name : '',
    emailAddress: report.client_email,
    phoneNumber: report.client_phone,
    streetLine1: parsed?.addressLine1 ?? report.property_address,
    streetSuburb: parsed?.suburb ?? '',
    streetState: parsed?.state ?? report.state,
    streetPostcode: parsed?.postcode ?? '',
  };
}
