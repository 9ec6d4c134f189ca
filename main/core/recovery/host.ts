/**
 * How a host (the browser host, the Electron shell) starts the app so that a local copy that will
 * not open brings the recovery screen instead of a failed start (issue 22): the app's core is
 * started as before; when it fails for a reason recovery answers (recovery/reason.ts), the
 * recovery core starts in its place. The host sees one CoreHandle whose registry and events stay
 * the same while the core behind them changes: after a restore, a start again or a try again, the
 * app's core starts in this process and takes over, and the background work the host asked for
 * (start, the demo) starts then.
 */
import type { RecoveryOutcome, RecoveryReason } from '../../../shared/domain';
import type { CoreHandle } from '../app';
import { EventBus } from '../events';
import { createRecoveryCore, type RecoveryCore, type RecoveryEnvironment } from './recovery-core';
import { recoveryReasonOf, whatHappenedOf } from './reason';

export interface RecoverableStartOptions extends RecoveryEnvironment {
  /** The host's own start of the app's core (startCoreWorker, createCore). */
  startCore(): Promise<CoreHandle>;
}

export interface RecoverableCore extends CoreHandle {
  /** True while the recovery core answers. */
  inRecovery(): boolean;
}

export async function startCoreOrRecovery(options: RecoverableStartOptions): Promise<RecoverableCore> {
  const events = new EventBus();
  let core: CoreHandle | null = null;
  let recovery: RecoveryCore | null = null;
  let stopForwarding = () => {};
  let started = false;
  let demoAsked = false;

  const forward = (from: EventBus) => {
    stopForwarding();
    stopForwarding = from.subscribe((event) => events.emit(event.name, event.payload as never));
  };

  /**
   * The app's core, or the recovery core when the local copy will not open. Another failure is
   * thrown at the first start; after a choice on the recovery screen (`stillIn`: the reason it was
   * in recovery for) the screen stays, saying what went wrong.
   */
  async function open(stillIn: RecoveryReason | null): Promise<RecoveryOutcome> {
    try {
      core = await options.startCore();
    } catch (error) {
      const reason = recoveryReasonOf(error) ?? stillIn;
      if (!reason) throw error;
      const message = whatHappenedOf(error);
      recovery = createRecoveryCore({ ...options, reason, message, reopen: () => open(reason) });
      forward(recovery.events);
      return { state: 'recovery', movedTo: null, message };
    }
    recovery = null;
    forward(core.events);
    if (demoAsked) await core.openDemoIfNothingConnected();
    if (started) core.start();
    return { state: 'normal', movedTo: null, message: '' };
  }

  await open(null);
  const unavailable = {
    ok: false as const,
    error: { code: 'STORAGE' as const, message: 'RestoreAssist Desk is starting again. Try again in a moment.' },
  };
  return {
    events,
    registry: {
      invoke: (channel, input) => (recovery ?? core)?.registry.invoke(channel, input) ?? Promise.resolve(unavailable),
    },
    inRecovery: () => recovery !== null,
    start() {
      started = true;
      if (!recovery) core?.start();
    },
    async openDemoIfNothingConnected() {
      demoAsked = true;
      if (!recovery) await core?.openDemoIfNothingConnected();
    },
    async close() {
      stopForwarding();
      recovery?.close();
      await (recovery ? undefined : core?.close());
    },
  };
}
