import type { JobDetail } from '../../../../shared/domain';
import { ContactLinks } from '../../components/ContactLinks';
import { RecordLink } from '../../components/RecordLink';

/** Who to call about the job: its customer (phone and email) and the site contact. */
export function JobCustomer({ job: j }: { job: JobDetail }) {
  return (
    <section className="contact" aria-label="Customer contact">
      <h3>Customer</h3>
      {j.contact ? (
        <>
          <RecordLink className="contact-name" to={{ entity: 'customer', id: j.contact.customerId }}>
            {j.contact.name || j.customerName || 'Unnamed customer'}
          </RecordLink>
          <ContactLinks {...j.contact} />
        </>
      ) : (
        <p>{j.customerName ?? '—'}</p>
      )}
      {j.siteContactName ? <p>Site contact: {j.siteContactName}</p> : null}
    </section>
  );
}
