import { mailtoHref } from '../../../shared/mailto';

/**
 * Click to call and to mail: each number and address the mirror has for the customer. An email
 * that is not one valid address (shared/mailto.ts) is shown as text, not a link.
 */
export function ContactLinks({
  phoneNumber,
  mobileNumber,
  emailAddress,
}: {
  phoneNumber: string;
  mobileNumber: string;
  emailAddress: string;
}) {
  const tel = (n: string) => `tel:${n.replace(/[^\d+]/g, '')}`;
  if (!phoneNumber && !mobileNumber && !emailAddress) return <p className="hint">No phone or email in Ascora.</p>;
  return (
    <ul className="contact-links">
      {phoneNumber ? (
        <li>
          <a href={tel(phoneNumber)}>Call {phoneNumber}</a>
        </li>
      ) : null}
      {mobileNumber ? (
        <li>
          <a href={tel(mobileNumber)}>Call mobile {mobileNumber}</a>
        </li>
      ) : null}
      {emailAddress ? <li>{emailLink(emailAddress)}</li> : null}
    </ul>
  );
}

function emailLink(emailAddress: string) {
  const href = mailtoHref(emailAddress);
  return href ? (
    <a href={href}>Email {emailAddress}</a>
  ) : (
    <span>Email (not a single valid address): {emailAddress}</span>
  );
}
