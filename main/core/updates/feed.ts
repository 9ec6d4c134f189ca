/**
 * Where the desktop app looks for updates. The release's own feed is `electron-builder.yml`'s
 * `publish:` section, which electron-builder writes into the installed app as `app-update.yml`; an
 * office's IT person can point a computer elsewhere (their own mirror of the releases) or turn
 * checking off with RESTOREASSIST_UPDATE_FEED (docs/release.md, "Updates"):
 *
 *   RESTOREASSIST_UPDATE_FEED=https://updates.example.com.au/desk/   a generic HTTPS folder
 *   RESTOREASSIST_UPDATE_FEED=github:owner/repo                      GitHub releases of that repository
 *   RESTOREASSIST_UPDATE_FEED=off                                    no checks on this computer
 *
 * Electron-free: the shell (main/shell/updates.ts) turns the answer into electron-updater options.
 */
import { isLoopbackHost } from '../../../shared/contract';

export const UPDATE_FEED_ENV = 'RESTOREASSIST_UPDATE_FEED';

/** The publish options electron-updater takes (builder-util-runtime's GenericServerOptions, GithubOptions). */
export type UpdateFeed = { provider: 'generic'; url: string } | { provider: 'github'; owner: string; repo: string };

export type FeedChoice =
  /** No override: the feed the release was built with (app-update.yml). */
  { kind: 'built-in' } | { kind: 'override'; feed: UpdateFeed } | { kind: 'off'; reason: string };

const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;

/**
 * The feed one setting names, or a message saying what is wrong with it. A generic feed is https
 * only: what it serves is checked against its own latest.yml, so a feed an attacker on the network
 * could rewrite would be checked against itself (plain http only for 127.0.0.1, a test's feed).
 */
export function parseUpdateFeed(raw: string): UpdateFeed | { problem: string } {
  const text = raw.trim();
  const github = /^github:([^/\s]+)\/([^/\s]+)$/i.exec(text);
  if (github) {
    const [, owner, repo] = github as unknown as [string, string, string];
    if (!GITHUB_NAME.test(owner) || !GITHUB_NAME.test(repo) || repo === '.' || repo === '..')
      return { problem: `"${text}" is not a GitHub repository (github:owner/repo).` };
    return { provider: 'github', owner, repo };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `"${text.slice(0, 200)}" is not a web address, github:owner/repo, or off.` };
  }
  const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    return { problem: `The update feed must be an https:// address (not ${url.protocol}//).` };
  if (url.username || url.password)
    return { problem: 'The update feed address must not hold a user name or password.' };
  return { provider: 'generic', url: url.toString() };
}

/** What this computer's environment says about the feed. */
export function feedChoice(env: Record<string, string | undefined>): FeedChoice {
  const raw = env[UPDATE_FEED_ENV]?.trim();
  if (!raw) return { kind: 'built-in' };
  if (raw.toLowerCase() === 'off')
    return { kind: 'off', reason: `Update checks are turned off on this computer (${UPDATE_FEED_ENV}=off).` };
  const parsed = parseUpdateFeed(raw);
  if ('problem' in parsed)
    return { kind: 'off', reason: `Update checks are off: ${UPDATE_FEED_ENV} is not understood. ${parsed.problem}` };
  return { kind: 'override', feed: parsed };
}

/** A feed in words, for Settings. */
export function describeFeed(feed: UpdateFeed): string {
  return feed.provider === 'github' ? `GitHub releases of ${feed.owner}/${feed.repo}` : feed.url;
}

/**
 * The feed an installed app's app-update.yml names (electron-builder writes it flat: `provider: generic`,
 * `url: …`, or `owner:` and `repo:`), in words; null when it names none this app knows.
 */
export function describeAppUpdateConfig(yaml: string): string | null {
  const value = (key: string) =>
    new RegExp(`^${key}:\\s*['"]?([^'"\\n]+?)['"]?\\s*$`, 'm').exec(yaml)?.[1]?.trim() ?? null;
  const provider = value('provider');
  if (provider === 'generic') {
    const url = value('url');
    return url ? describeFeed({ provider: 'generic', url }) : null;
  }
  if (provider === 'github') {
    const owner = value('owner');
    const repo = value('repo');
    return owner && repo ? describeFeed({ provider: 'github', owner, repo }) : null;
  }
  return null;
}
