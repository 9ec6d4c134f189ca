/**
 * Links to Ascora's web app. Its deep-link format is unknown (ascora-api.md section 6), so "Open in
 * Ascora" opens the web app's sign-in page, which Ascora's support pages name, and the panel says
 * which job number to look up there.
 */
export const ASCORA_WEB_SIGN_IN = 'https://www.ascora.com.au/login';

/** Only https addresses on ascora.com.au or a subdomain, with no user name or password in them. */
export function isAscoraWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      url.protocol === 'https:' &&
      url.username === '' &&
      url.password === '' &&
      (url.hostname === 'ascora.com.au' || url.hostname.endsWith('.ascora.com.au'))
    );
  } catch {
    return false;
  }
}
