/**
 * Pick a customer for a job: search the mirror as you type, choose one of the first matches.
 * Customers Ascora no longer has are not offered (Ascora would refuse the job).
 */
import { useId, useState } from 'react';
import { namesakeDetail } from '../../../shared/customer-names';
import type { CustomerRow } from '../../../shared/domain';
import { useCoreQuery } from '../cache';
import { useDebounced } from '../hooks';
import { ErrorNotice } from './ErrorNotice';

export function CustomerPicker({
  integrationId,
  value,
  currentName,
  onChange,
}: {
  integrationId: number;
  value: number | null;
  /** The name of the customer chosen now, shown while the search does not list them. */
  currentName: string | null;
  onChange(customer: CustomerRow): void;
}) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 200);
  const ids = { search: useId(), group: useId() };
  const found = useCoreQuery('customers.list', { integrationId, search: debounced, limit: 8 }, { keepPrevious: true });
  const choices = (found.data?.rows ?? []).filter((c) => !c.remoteMissing);
  return (
    <div>
      <label htmlFor={ids.search}>Find a customer</label>
      <input
        id={ids.search}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder="Name, company, email, phone…"
      />
      <ErrorNotice error={found.error} />
      <fieldset aria-labelledby={ids.group}>
        <legend id={ids.group} className="sr-only">
          Site customer
        </legend>
        {value !== null && !choices.some((c) => c.id === value) && currentName ? (
          <label className="radio">
            <input type="radio" name={ids.group} checked readOnly /> {currentName} (chosen now)
          </label>
        ) : null}
        {choices.map((c) => (
          <label key={c.id} className="radio">
            <input type="radio" name={ids.group} checked={value === c.id} onChange={() => onChange(c)} />
            {/* A name other customers share has its contact, suburb and phone beside it (namesakeDetail). */}
            {[c.customerName, c.emailAddress, namesakeDetail(c) || c.streetSuburb].filter(Boolean).join(' · ')}
            {c.syncState === 'failed' ? ' · refused by Ascora' : c.ascoraCustomerId ? '' : ' · waiting to be sent'}
          </label>
        ))}
        {found.data && choices.length === 0 ? <p className="hint">No customer matches “{debounced}”.</p> : null}
      </fieldset>
    </div>
  );
}
