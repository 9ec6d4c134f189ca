import { z } from 'zod';

const singleAddress = z.email();

/**
 * The `mailto:` link for an email address from Ascora, or null when it is not one valid address:
 * then it is shown as text, never a link. Ascora's field is free text, and a value such as
 * `jo@example.com?bcc=them@elsewhere.example&attach=…` or two addresses would otherwise open the
 * mail program with recipients or an attachment nobody chose. The check is the app's own rule for
 * an email (the contract's), and the address is percent-encoded on each side of its @.
 */
export function mailtoHref(emailAddress: string): string | null {
  const address = emailAddress.trim();
  if (address.length > 254 || !singleAddress.safeParse(address).success) return null;
  const at = address.lastIndexOf('@');
  return `mailto:${encodeURIComponent(address.slice(0, at))}@${encodeURIComponent(address.slice(at + 1))}`;
}
