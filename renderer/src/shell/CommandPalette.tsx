/**
 * Ctrl/Cmd+K: one box for going anywhere. Screens and actions (shell/commands.ts) are matched as
 * the person types; records (jobs by number, name or customer, customers by name, invoices by
 * number) come from the lists' own search channels, 8 of each, once typing pauses. React Aria's
 * Autocomplete keeps the focus in the box while the arrow keys move through the results.
 */
import { useEffect, useState } from 'react';
import { Autocomplete, Header, Input, Menu, MenuItem, MenuSection, TextField } from 'react-aria-components';
import { namesakeDetail } from '../../../shared/customer-names';
import type { CustomerRow, InvoiceRow, JobRow } from '../../../shared/domain';
import { formatMoney } from '../../../shared/format';
import { call } from '../api';
import { Dialog } from '../components/Dialog';
import { useDebounced } from '../hooks';
import { useActiveIntegration, useSession, type Focus } from '../stores/session';
import { ACTIONS, SCREENS } from './commands';
import { plainRecord } from '../../../shared/display-text';

/** Records of each kind the palette shows. */
export const RECORDS_PER_KIND = 8;
const SEARCH_PAUSE_MS = 200;

interface Entry {
  id: string;
  label: string;
  detail?: string;
  run(): void;
}

interface Found {
  jobs: JobRow[];
  customers: CustomerRow[];
  invoices: InvoiceRow[];
}

/** Every word typed appears in the entry's words (so "go job" finds "Go to Jobs"). */
const matches = (query: string, words: string) =>
  query
    .toLocaleLowerCase('en-AU')
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => words.toLocaleLowerCase('en-AU').includes(word));

function useRecords(query: string): { found: Found | null; searching: boolean; error: unknown } {
  const activeId = useActiveIntegration()?.id ?? null;
  const settled = useDebounced(query.trim(), SEARCH_PAUSE_MS);
  const [result, setResult] = useState<{ for: string; found: Found | null; error: unknown }>({
    for: '',
    found: null,
    error: null,
  });
  useEffect(() => {
    if (!settled || activeId === null) return;
    let current = true;
    const page = { integrationId: activeId, search: settled, limit: RECORDS_PER_KIND };
    Promise.all([call('jobs.list', page), call('customers.list', page), call('invoices.list', page)]).then(
      ([jobs, customers, invoices]) => {
        if (current)
          setResult({
            for: settled,
            found: plainRecord({ jobs: jobs.rows, customers: customers.rows, invoices: invoices.rows }),
            error: null,
          });
      },
      (error: unknown) => {
        if (current) setResult({ for: settled, found: null, error });
      },
    );
    return () => {
      current = false;
    };
  }, [settled, activeId]);
  const fresh = result.for === query.trim() && query.trim() !== '';
  return {
    found: fresh ? result.found : null,
    searching: query.trim() !== '' && !fresh,
    error: fresh ? result.error : null,
  };
}

function recordEntries(found: Found, open: (focus: Focus) => void): { title: string; entries: Entry[] }[] {
  return [
    {
      title: 'Jobs',
      entries: found.jobs.map((j) => ({
        id: `job:${j.id}`,
        label: j.jobNumber ? `${j.jobNumber} · ${j.jobName}` : j.jobName,
        detail: j.customerName ?? undefined,
        run: () => open({ entity: 'job', id: j.id }),
      })),
    },
    {
      title: 'Customers',
      entries: found.customers.map((c) => ({
        id: `customer:${c.id}`,
        label: c.customerName,
        // A name other customers share has its contact, suburb and phone beside it.
        detail: namesakeDetail(c) || c.streetSuburb || undefined,
        run: () => open({ entity: 'customer', id: c.id }),
      })),
    },
    {
      title: 'Invoices',
      entries: found.invoices.map((i) => ({
        id: `invoice:${i.id}`,
        label: `Invoice ${i.invoiceNumber}`,
        detail: [i.customerName, `${formatMoney(i.remainingCents)} owing`].filter(Boolean).join(' · '),
        run: () => open({ entity: 'invoice', id: i.id }),
      })),
    },
  ];
}

export function CommandPalette() {
  const setOverlay = useSession((s) => s.setOverlay);
  const [query, setQuery] = useState('');
  const { found, searching, error } = useRecords(query);
  const close = () => setOverlay(null);

  const sections: { title: string; entries: Entry[] }[] = [
    {
      title: 'Screens',
      entries: SCREENS.filter((s) => matches(query, `go to ${s.label} ${s.keywords ?? ''}`)).map((s) => ({
        id: `screen:${s.screen}`,
        label: `Go to ${s.label}`,
        run: () => useSession.getState().setScreen(s.screen),
      })),
    },
    {
      title: 'Actions',
      entries: ACTIONS.filter((a) => matches(query, `${a.label} ${a.keywords}`)).map((a) => ({
        id: `action:${a.id}`,
        label: a.label,
        run: a.run,
      })),
    },
    ...(found ? recordEntries(found, (focus) => useSession.getState().openRecord(focus)) : []),
  ].filter((section) => section.entries.length > 0);
  const byId = new Map(sections.flatMap((s) => s.entries).map((e) => [e.id, e]));

  return (
    <Dialog label="Command palette" onClose={close} className="palette">
      <Autocomplete inputValue={query} onInputChange={setQuery}>
        <TextField aria-label="Go to a screen, record or action" autoFocus>
          <Input
            className="palette-input"
            placeholder="Go to a screen, find a job, customer or invoice, or run an action…"
          />
        </TextField>
        <Menu
          aria-label="Results"
          className="palette-list"
          onAction={(key) => {
            const entry = byId.get(String(key));
            if (!entry) return;
            // The palette closes first, so what the entry opens (a screen, a record, a dialog) gets the focus.
            close();
            entry.run();
          }}
          renderEmptyState={() => (
            <p className="palette-empty">{searching ? 'Searching…' : `Nothing found for “${query.trim()}”.`}</p>
          )}
        >
          {sections.map((section) => (
            <MenuSection key={section.title} id={section.title} className="palette-section">
              <Header>{section.title}</Header>
              {section.entries.map((entry) => (
                <MenuItem key={entry.id} id={entry.id} textValue={entry.label} className="palette-item">
                  <span className="truncate">{entry.label}</span>
                  {entry.detail ? <span className="hint truncate">{entry.detail}</span> : null}
                </MenuItem>
              ))}
            </MenuSection>
          ))}
        </Menu>
      </Autocomplete>
      <p className="palette-status hint" role="status">
        {error
          ? 'Records could not be searched: ' + (error instanceof Error ? error.message : String(error))
          : searching
            ? 'Searching records…'
            : ''}
      </p>
    </Dialog>
  );
}
