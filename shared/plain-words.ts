/**
 * Validation problems in plain words, for the person at the form: "Company name can be at most
 * 200 characters.", not "Too big: expected string to have <=200 characters". A message the schema
 * wrote itself ("A postcode has four digits.") is already a sentence and is kept; zod's own wording
 * is rewritten with the field's label. Used by the core (the contract's VALIDATION errors) and by
 * the forms (the same schemas, checked as the person types).
 */
import type { z } from 'zod';
import { CUSTOMER_FIELD_LABELS } from './domain';

/** One problem, tied to the field it is about (`path` as the input's dotted path, '' for the whole form). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** What the contract's fields are called on screen, where the name alone does not say it. */
const LABELS: Record<string, string> = {
  // A customer's fields as the Customers form names them.
  ...CUSTOMER_FIELD_LABELS,
  apiKey: 'API key',
  baseUrl: 'Ascora address',
  displayName: 'Name',
  amountCents: 'Amount',
  paymentDate: 'Payment date',
  paymentMethod: 'Payment method',
  total_cost: 'Total cost',
  client_email: 'Client email',
  client_phone: 'Client phone',
  timeZone: 'Time zone',
};

/** A field's label from its path: the last name in it, in words ("fields.companyName" → "Company name"). */
export function labelOf(path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  if (LABELS[last]) return LABELS[last];
  const words = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** zod's own messages start so; anything else was written for people in the schema. */
const ZOD_WORDING = /^(Too (big|small)|Invalid|Unrecognized key|Expected)/;

const count = (n: number | bigint, one: string, many: string) => `${n.toLocaleString('en-AU')} ${n === 1 ? one : many}`;

/** The sentence for one problem with a field called `label`. */
export function plainSentence(issue: z.core.$ZodIssue, label: string): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string')
        return `${label} can be at most ${count(issue.maximum, 'character', 'characters')}.`;
      if (issue.origin === 'array') return `${label} can have at most ${count(issue.maximum, 'item', 'items')}.`;
      return `${label} can be at most ${issue.maximum.toLocaleString('en-AU')}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${label} is required.`
          : `${label} needs at least ${count(issue.minimum, 'character', 'characters')}.`;
      if (issue.origin === 'array') return `${label} needs at least ${count(issue.minimum, 'item', 'items')}.`;
      return issue.inclusive
        ? `${label} must be at least ${issue.minimum.toLocaleString('en-AU')}.`
        : `${label} must be more than ${issue.minimum.toLocaleString('en-AU')}.`;
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? `${label} is required.`
        : `${label} is not valid.`;
    case 'invalid_format':
      if (issue.input === '') return `${label} is required.`;
      if (issue.format === 'email') return `${label} must be an email address, such as name@example.com.`;
      if (issue.format === 'url') return `${label} must be a web address, such as https://api.ascora.com.au.`;
      if (issue.format === 'date') return `${label} must be a date, such as 21/10/2026.`;
      return `${label} is not in the expected form.`;
    case 'invalid_value':
      return `${label} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `${issue.keys.map(labelOf).join(', ')} cannot be set here.`;
    default:
      return `${label} is not valid.`;
  }
}

/** Every problem, each in a sentence and tied to its field (the forms show them beside the fields). */
export function plainProblems(
  issues: readonly z.core.$ZodIssue[],
  labels: Record<string, string> = {},
): FieldProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { path, message: plainSentence(issue, labels[path] ?? labelOf(path)) };
  });
}

/** The problems as one message: each sentence once, in order. */
export function problemsMessage(problems: readonly FieldProblem[]): string {
  return [...new Set(problems.map((p) => p.message))].join(' ');
}
