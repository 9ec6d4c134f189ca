import { useId } from 'react';
import { AU_STATES, PRICING_METHODS } from '../../../../shared/domain';
import { pricingWords } from '../../../../shared/format';

/** What may be changed of a job made here before Ascora has it (its customer is picked apart). */
export interface UnsentJobFieldValues {
  jobName: string;
  pricingMethod: (typeof PRICING_METHODS)[number];
  addressLine1: string;
  suburb: string;
  state: (typeof AU_STATES)[number] | null;
  postcode: string;
  clientOrderNumber: string;
}

/** The fields of an unsent job's form, as the person types them. */
export function UnsentJobFields({
  fields,
  onChange,
}: {
  fields: UnsentJobFieldValues;
  onChange(fields: UnsentJobFieldValues): void;
}) {
  const ids = {
    name: useId(),
    pricing: useId(),
    street: useId(),
    suburb: useId(),
    state: useId(),
    postcode: useId(),
    claim: useId(),
  };
  return (
    <div className="form-grid">
      <label htmlFor={ids.name}>
        Job name
        <input
          id={ids.name}
          value={fields.jobName}
          maxLength={200}
          onChange={(e) => onChange({ ...fields, jobName: e.target.value })}
          required
        />
      </label>
      <label htmlFor={ids.pricing}>
        Pricing
        <select
          id={ids.pricing}
          value={fields.pricingMethod}
          onChange={(e) => onChange({ ...fields, pricingMethod: e.target.value as (typeof PRICING_METHODS)[number] })}
        >
          {PRICING_METHODS.map((m) => (
            <option key={m} value={m}>
              {pricingWords(m)}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={ids.street}>
        Street
        <input
          id={ids.street}
          value={fields.addressLine1}
          onChange={(e) => onChange({ ...fields, addressLine1: e.target.value })}
        />
      </label>
      <label htmlFor={ids.suburb}>
        Suburb
        <input
          id={ids.suburb}
          value={fields.suburb}
          onChange={(e) => onChange({ ...fields, suburb: e.target.value })}
        />
      </label>
      <label htmlFor={ids.state}>
        State
        <select
          id={ids.state}
          value={fields.state ?? ''}
          onChange={(e) => onChange({ ...fields, state: (e.target.value || null) as typeof fields.state })}
        >
          <option value="">—</option>
          {AU_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label htmlFor={ids.postcode}>
        Postcode
        <input
          id={ids.postcode}
          value={fields.postcode}
          inputMode="numeric"
          onChange={(e) => onChange({ ...fields, postcode: e.target.value })}
        />
      </label>
      <label htmlFor={ids.claim}>
        Claim / client order
        <input
          id={ids.claim}
          value={fields.clientOrderNumber}
          onChange={(e) => onChange({ ...fields, clientOrderNumber: e.target.value })}
        />
      </label>
    </div>
  );
}
