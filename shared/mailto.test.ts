import { describe, expect, it } from 'vitest';
import { mailtoHref } from './mailto';

describe('the mail link for an email address from Ascora', () => {
  it.each([
    ['a plain address', 'jo.smith@example.com.au', 'mailto:jo.smith@example.com.au'],
    ['an address with a plus', 'accounts+claims@example.com', 'mailto:accounts%2Bclaims@example.com'],
    ['an apostrophe', "tom.o'brien@example.com", "mailto:tom.o'brien@example.com"],
    ['spaces around it', '  jo@example.com ', 'mailto:jo@example.com'],
  ])('links %s', (_what, address, href) => {
    expect(mailtoHref(address)).toBe(href);
  });

  it.each([
    ['extra headers (a hidden copy and an attachment)', 'jo@example.com?bcc=them@evil.example&attach=C:\\secrets.txt'],
    ['a body', 'jo@example.com?body=Please%20pay%20here'],
    ['two addresses', 'jo@example.com,them@evil.example'],
    ['two addresses with a semicolon', 'jo@example.com; them@evil.example'],
    ['an encoded question mark', 'jo@example.com%3Fbcc=them@evil.example'],
    ['a name and angle brackets', 'Jo Smith <jo@example.com>'],
    ['a line break', 'jo@example.com\r\nbcc: them@evil.example'],
    ['no domain', 'jo@'],
    ['no @', 'jo.example.com'],
    ['words', 'ask at the office'],
    ['empty', ''],
  ])('does not link %s', (_what, address) => {
    expect(mailtoHref(address)).toBeNull();
  });
});
