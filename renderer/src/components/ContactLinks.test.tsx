import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ContactLinks } from './ContactLinks';

afterEach(cleanup);

describe('ContactLinks', () => {
  it('links one valid email address', () => {
    render(<ContactLinks phoneNumber="" mobileNumber="" emailAddress="jo@example.com" />);
    expect(screen.getByRole('link', { name: 'Email jo@example.com' }).getAttribute('href')).toBe(
      'mailto:jo@example.com',
    );
  });

  it('shows an email with extra headers as text, never a link the mail program would obey', () => {
    const email = 'jo@example.com?bcc=them@evil.example&attach=/etc/passwd';
    render(<ContactLinks phoneNumber="02 9876 5432" mobileNumber="" emailAddress={email} />);
    expect(screen.queryAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['tel:0298765432']);
    expect(screen.getByText(`Email (not a single valid address): ${email}`)).toBeTruthy();
  });
});
