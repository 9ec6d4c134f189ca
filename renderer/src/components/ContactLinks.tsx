/** Click to call and to mail: each number and address the mirror has for the customer. */
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
      {emailAddress ? (
        <li>
          <a href={`mailto:${emailAddress}`}>Email {emailAddress}</a>
        </li>
      ) : null}
    </ul>
  );
}
