/**
 * Today, the job panel and the customer panel over the real core (tests/renderer/support.ts): a
 * figure opens its list filtered as it counted; a phone call's needs in the job panel (call, mail,
 * the customer), notes, attachments by picker and by drop with errors beside them, the status pick
 * list; the customer panel's jobs and invoices, and unsaved edits kept until the person says.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Customers } from '../../renderer/src/screens/Customers';
import { LeaveGuard } from '../../renderer/src/shell/LeaveGuard';
import { JobDetailPanel } from '../../renderer/src/screens/job-detail/JobDetailPanel';
import { Jobs } from '../../renderer/src/screens/Jobs';
import { Today } from '../../renderer/src/screens/Today';
import { connections } from '../../renderer/src/cache';
import { useSession } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
let job: { id: number; jobNumber: string; customerId: number; customerName: string; phone: string; email: string };

/** The first bytes of an iPhone photo: ftyp box with the heic brand, then the meta box. */
const HEIC = new Uint8Array(Buffer.from('000000186674797068656963000000006d696631686569630000000f6d657461', 'hex'));

beforeAll(async () => {
  world = await startRendererWorld();
  job = world.core.ctx.sqlite
    .prepare(
      `SELECT j.id, j.job_number AS jobNumber, c.id AS customerId, c.customer_name AS customerName,
              c.phone_number AS phone, c.email_address AS email
         FROM ascora_jobs j JOIN ascora_customers c ON c.ascora_customer_id = j.site_customer_id
        WHERE c.phone_number <> '' AND c.email_address <> '' ORDER BY j.id LIMIT 1`,
    )
    .get() as typeof job;
});
afterAll(() => world.close());
beforeEach(() =>
  useSession.setState({ screen: 'dashboard', focus: null, filter: null, screens: {}, unsaved: [], pendingLeave: null }),
);
afterEach(cleanup);

const integration = () => connections().find((i) => i.id === world.integrationId)!;

describe('Today', () => {
  it('shows what the first sync brought, and a figure opens the Jobs list filtered to exactly those jobs', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Today integration={integration()} />);
    const newJobs = await screen.findByRole('button', { name: '60 new jobs' });
    expect(screen.getByRole('region', { name: 'Needs you' }).textContent).toContain('Nothing needs you.');
    await user.click(newJobs);
    expect(useSession.getState()).toMatchObject({ screen: 'jobs', filter: { values: { lastSync: 'new' } } });
    unmount();
    render(<Jobs integrationId={world.integrationId} />);
    expect(await screen.findByText('New jobs from the last sync')).toBeTruthy();
    await screen.findByText('60 jobs');
    await user.click(screen.getByRole('button', { name: 'Show all jobs' }));
    await waitFor(() => expect(screen.queryByText('New jobs from the last sync')).toBeNull());
  });

  it('says the last sync failed, with why, and never that all is up to date', async () => {
    const failed = { ...integration(), state: 'error' as const, lastError: 'Ascora could not be reached.' };
    render(<Today integration={failed} />);
    const needs = await screen.findByRole('region', { name: 'Needs you' });
    expect(needs.textContent).toContain('The last sync did not finish: Ascora could not be reached.');
    expect(within(needs).getByRole('button', { name: 'Open the Sync centre' })).toBeTruthy();
    expect(screen.queryByText(/up to date/i)).toBeNull();
  });
});

describe('the job panel', () => {
  const panel = () => screen.getByRole('complementary', { name: 'Job detail' });

  it('calls and mails the customer, and opens the customer', async () => {
    const user = userEvent.setup();
    render(<JobDetailPanel jobId={job.id} onClose={() => {}} />);
    const call = await within(panel()).findByRole('link', { name: `Call ${job.phone}` });
    expect(call.getAttribute('href')).toBe(`tel:${job.phone.replace(/[^\d+]/g, '')}`);
    expect(
      within(panel())
        .getByRole('link', { name: `Email ${job.email}` })
        .getAttribute('href'),
    ).toBe(`mailto:${job.email}`);
    const ascora = within(panel()).getByRole('link', { name: 'Open in Ascora' });
    expect(ascora.getAttribute('href')).toBe('https://www.ascora.com.au/login');
    expect(ascora.getAttribute('rel')).toContain('noopener');
    await user.click(within(panel()).getByRole('button', { name: job.customerName }));
    expect(useSession.getState()).toMatchObject({
      screen: 'customers',
      focus: { entity: 'customer', id: job.customerId },
    });
  });

  it('adds a signed note, changes it and deletes it', async () => {
    const user = userEvent.setup();
    render(<JobDetailPanel jobId={job.id} onClose={() => {}} />);
    await user.type(await within(panel()).findByRole('textbox', { name: 'New note' }), 'Moisture 16% WME');
    await user.click(within(panel()).getByRole('button', { name: 'Add note' }));
    const note = await within(panel()).findByText('Moisture 16% WME');
    const item = note.closest('li')!;
    await user.click(within(item).getByRole('button', { name: 'Change note' }));
    const field = within(item).getByRole('textbox', { name: 'Note' });
    await user.clear(field);
    await user.type(field, 'Moisture 14% WME');
    await user.click(within(item).getByRole('button', { name: 'Save note' }));
    const changed = await within(panel()).findByText('Moisture 14% WME');
    expect(changed.closest('li')!.textContent).toMatch(/\(changed /);
    await user.click(within(changed.closest('li')!).getByRole('button', { name: 'Delete note' }));
    // The confirmation is a modal over the window (the panel behind it is hidden from assistive tech while it is open).
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete note' }));
    await waitFor(() => expect(within(panel()).queryByText('Moisture 14% WME')).toBeNull());
  });

  it('attaches a HEIC photo by the picker (no type from the browser) and refuses a renamed text file beside the section', async () => {
    const user = userEvent.setup();
    render(<JobDetailPanel jobId={job.id} onClose={() => {}} />);
    const picker = await within(panel()).findByLabelText('Attach files');
    await user.upload(picker, new File([HEIC], 'IMG_0042.HEIC', { type: '' }));
    expect(await within(panel()).findByText('IMG_0042.HEIC')).toBeTruthy();
    await user.upload(picker, new File(['not a photo'], 'site.jpg', { type: 'image/jpeg' }));
    const section = within(panel()).getByRole('region', { name: 'Attachments' });
    expect((await within(section).findByRole('alert')).textContent).toBe(
      '“site.jpg” cannot be attached: its name says a JPEG photo, but it contains text. Check that you picked the right file.',
    );
  });

  it('attaches files dropped anywhere on the panel', async () => {
    render(<JobDetailPanel jobId={job.id} onClose={() => {}} />);
    await within(panel()).findByLabelText('Attach files');
    const file = new File(['%PDF-1.7\n'], 'scope.pdf', { type: 'application/pdf' });
    fireEvent.dragOver(panel(), { dataTransfer: { types: ['Files'], files: [file] } });
    fireEvent.drop(panel(), { dataTransfer: { types: ['Files'], files: [file] } });
    expect(await within(panel()).findByText('scope.pdf')).toBeTruthy();
  });

  it('sets a status from the pick list of the statuses in the mirror, or one typed under Other…', async () => {
    const user = userEvent.setup();
    render(<JobDetailPanel jobId={job.id} onClose={() => {}} />);
    await user.click(await within(panel()).findByRole('button', { name: /New status/ }));
    const statuses = (
      world.core.ctx.sqlite
        .prepare('SELECT DISTINCT job_status_text AS s FROM ascora_jobs WHERE job_status_text IS NOT NULL')
        .all() as { s: string }[]
    ).map((r) => r.s);
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual([...[...statuses].sort((a, b) => (a < b ? -1 : 1)), 'Other…']);
    await user.click(screen.getByRole('option', { name: 'Other…' }));
    await user.type(within(panel()).getByRole('textbox', { name: 'Other status' }), 'Drying in progress');
    await user.click(within(panel()).getByRole('button', { name: 'Set status' }));
    await within(panel()).findByText(/^Drying in progress \(in the app; Ascora: /);
  });
});

describe('the customer panel', () => {
  it("lists the customer's jobs (each opens) and offers call and mail", async () => {
    const user = userEvent.setup();
    useSession.setState({ focus: { entity: 'customer', id: job.customerId } });
    render(<Customers integrationId={world.integrationId} />);
    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    expect((await within(panel).findByRole('link', { name: `Call ${job.phone}` })).getAttribute('href')).toMatch(
      /^tel:/,
    );
    const jobs = await within(panel).findByRole('region', { name: /^Jobs \(\d+\)$/ });
    await user.click(await within(jobs).findByRole('button', { name: new RegExp(`^${job.jobNumber} · `) }));
    expect(useSession.getState()).toMatchObject({ screen: 'jobs', focus: { entity: 'job', id: job.id } });
  });

  // Opening another row is the same guard (e2e/job-panel.spec.ts clicks a row; jsdom lays out no virtual rows).
  it('asks before unsaved changes are dropped by closing the panel, and keeps them if told', async () => {
    const user = userEvent.setup();
    useSession.setState({ focus: { entity: 'customer', id: job.customerId } });
    // The question is the shell's (LeaveGuard), the one every navigation asks.
    render(
      <>
        <Customers integrationId={world.integrationId} />
        <LeaveGuard />
      </>,
    );
    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    const form = within(panel).getByRole('form', { name: 'Customer details' });
    await waitFor(() => expect((within(form).getByLabelText('Email') as HTMLInputElement).value).toBe(job.email));
    await user.type(within(form).getByLabelText('Street line 2'), 'Unit 4');
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect((within(form).getByLabelText('Street line 2') as HTMLInputElement).value).toBe('Unit 4');
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Discard changes' }));
    await waitFor(() => expect(screen.queryByRole('complementary', { name: 'Customer' })).toBeNull());
  });

  it('closes at once when nothing was changed', async () => {
    const user = userEvent.setup();
    useSession.setState({ focus: { entity: 'customer', id: job.customerId } });
    render(<Customers integrationId={world.integrationId} />);
    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'Customer' })).toBeNull();
  });
});
