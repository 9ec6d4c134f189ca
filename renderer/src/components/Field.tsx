/**
 * One form field as every form shows it: the label, the control, how many characters are left
 * once the value is near its limit, a note, and the field's problem in plain words beside it
 * (aria-invalid, aria-describedby). useProblems holds a form's problems: all shown at once on
 * submit, from the form's own check or the core's VALIDATION details, and re-checked as the person
 * types so a fixed one clears.
 */
import { CalendarDate, parseDate } from '@internationalized/date';
import { useId, useState, type ReactNode } from 'react';
import { DateField, DateInput, DateSegment, FieldError, I18nProvider, Label } from 'react-aria-components';
import { z } from 'zod';
import type { FieldProblem } from '../../../shared/plain-words';
import { ContractError } from '../api';
import './forms.css';

/** The counter shows once the value has used this share of its limit. */
const COUNT_FROM = 0.8;

export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export function Field({
  label,
  problem,
  note,
  value,
  maxLength,
  children,
}: {
  label: string;
  problem?: string | null;
  /** A hint shown under the control (and read with it). */
  note?: ReactNode;
  /** With maxLength: the value whose length is counted. */
  value?: string;
  maxLength?: number;
  children(control: ControlProps): ReactNode;
}) {
  const id = useId();
  const length = value?.length ?? 0;
  const counting = maxLength !== undefined && length >= maxLength * COUNT_FROM;
  const described = [note ? `${id}-note` : null, counting ? `${id}-count` : null, problem ? `${id}-problem` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': described || undefined })}
      {counting ? (
        <span id={`${id}-count`} className={length >= maxLength ? 'field-count at-limit' : 'field-count'}>
          {length}/{maxLength}
          <span className="sr-only"> characters</span>
        </span>
      ) : null}
      {note ? (
        <span id={`${id}-note`} className="hint field-flag">
          {note}
        </span>
      ) : null}
      {problem ? (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A calendar day typed as dd/mm/yyyy whatever the browser's language (an en-US browser would
 * show a native date input as mm/dd/yyyy). `value` and `onChange` are `YYYY-MM-DD`, '' when empty.
 */
export function DayField({
  label,
  value,
  onChange,
  problem,
  isRequired,
}: {
  label: string;
  value: string;
  onChange(day: string): void;
  problem?: string | null;
  isRequired?: boolean;
}) {
  return (
    <I18nProvider locale="en-AU">
      <DateField<CalendarDate>
        className="form-field"
        value={toCalendarDate(value)}
        onChange={(day) => onChange(day ? day.toString() : '')}
        isInvalid={!!problem}
        isRequired={isRequired}
        validationBehavior="aria"
        granularity="day"
      >
        <Label className="day-label">{label}</Label>
        <DateInput className="date-input">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
        <FieldError className="field-problem">{problem}</FieldError>
      </DateField>
    </I18nProvider>
  );
}

function toCalendarDate(day: string): CalendarDate | null {
  try {
    return day ? parseDate(day) : null;
  } catch {
    return null;
  }
}

/** The most characters a text schema takes (through .default() and .optional()), if it says. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  let inner: unknown = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
    inner = inner.unwrap();
  return inner instanceof z.ZodString ? (inner.maxLength ?? undefined) : undefined;
}

/** A form's problems, by field path; none shown until the first submit. */
export function useProblems() {
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [submitted, setSubmitted] = useState(false);
  // A field's own problem, one of its items' ("scope_of_work.2"), or under the input's wrapper ("fields.companyName").
  const of = (field: string) =>
    problems.find((p) => p.path === field || p.path.startsWith(`${field}.`) || p.path.endsWith(`.${field}`))?.message ??
    null;
  return {
    problems,
    of,
    /** Problems tied to none of these fields (the form shows them together, by its button). */
    elsewhere: (fields: readonly string[]) => problems.filter((p) => !fields.some((f) => of(f) === p.message)),
    /** On submit: show every problem found; true when there is none. */
    check(found: FieldProblem[]): boolean {
      setSubmitted(true);
      setProblems(found);
      return found.length === 0;
    },
    /** As the person types, after a submit: fixed problems clear, new ones show. */
    recheck(found: FieldProblem[]): void {
      if (submitted) setProblems(found);
    },
    /** The core's VALIDATION error, shown field by field; false for any other error (show it as such). */
    fromError(error: unknown): boolean {
      if (!(error instanceof ContractError) || error.code !== 'VALIDATION') return false;
      const issues = (error.shape.details as { issues?: FieldProblem[] } | undefined)?.issues;
      setSubmitted(true);
      setProblems(issues?.length ? issues : [{ path: '', message: error.message }]);
      return true;
    },
    clear(): void {
      setProblems([]);
    },
  };
}

/** The problems no field shows, in a list by the form's button. */
export function FormProblems({ problems }: { problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="notice notice-error">
      {problems.length === 1 ? (
        problems[0]?.message
      ) : (
        <ul>
          {problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
