/**
 * Self-updating, as the window sees it: the updater's state (main/core/updates/controller.ts) and
 * the answer to "Restart to update". The desktop app's main process answers these channels; the
 * browser host answers that updates come with the desktop app.
 */
import { z } from 'zod';
import { recordRefSchema } from './domain';

/**
 * unsupported: this host cannot update itself (the browser host). off: this copy has no update feed
 * (a development build, or turned off by RESTOREASSIST_UPDATE_FEED=off). The others follow
 * electron-updater: a check, an update found and downloading in the background, downloaded and
 * verified (the only state that offers a restart), or the last check or download failed.
 */
export const UPDATE_STATES = [
  'unsupported',
  'off',
  'idle',
  'checking',
  'available',
  'downloading',
  'downloaded',
  'error',
] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

export const updateStatusSchema = z.strictObject({
  state: z.enum(UPDATE_STATES),
  /** The version running now; null where there is no app version to speak of (the browser host). */
  currentVersion: z.string().nullable(),
  /** The version found, downloading or downloaded; null otherwise. */
  version: z.string().nullable(),
  /** How much of the download has arrived, 0 to 100, while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** What Settings says, in plain words. */
  message: z.string(),
  /** Where updates come from, in words (a web address, or "GitHub releases of owner/repo"); null when none. */
  feed: z.string().nullable(),
  /** When the last check ended (ISO time); null: not yet. */
  checkedAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/**
 * "Restart to update": restarting, or why not yet. A sync running is named and the restart is not
 * made now (or, asked with whenSyncEnds, made when it has finished); changes not yet sent are
 * named and need the person's word (restart again with unsentConfirmed: the count they saw).
 */
export const restartAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('restarting'), version: z.string() }),
  z.strictObject({ outcome: z.literal('not-ready'), message: z.string() }),
  z.strictObject({
    outcome: z.literal('sync-running'),
    connections: z.array(z.string()),
    /** True: the app restarts by itself when the sync has finished (asked with whenSyncEnds). */
    waiting: z.boolean(),
    message: z.string(),
  }),
  z.strictObject({
    outcome: z.literal('confirm-unsent'),
    unsentCount: z.number().int().nonnegative(),
    /** The first few, named (oldest first), across every connection. */
    first: z.array(recordRefSchema),
    message: z.string(),
  }),
]);
export type RestartAnswer = z.infer<typeof restartAnswerSchema>;

/** The browser host's answer: no fake versions, no check. */
export const UPDATES_COME_WITH_THE_DESKTOP_APP: UpdateStatus = {
  state: 'unsupported',
  currentVersion: null,
  version: null,
  percent: null,
  message:
    'Updates come with the desktop app. This window is the browser mode, which runs from the project folder: update it there.',
  feed: null,
  checkedAt: null,
};
