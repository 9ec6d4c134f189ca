/**
 * An office of desktops (issue 19): one simulated Ascora account, and two or more desktops on it,
 * each with its own data folder (a real SQLite file), its own engine, and its own computer clock,
 * which may run ahead of or behind Ascora's. Ascora's clock is the world's: a desktop's sleep (a
 * backoff wait) moves every clock on together, as real time would.
 */
import type { Clock } from '../../main/core/clock';
import type { Registry } from '../../main/core/ipc/registry';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../sim/server';
import { createFakeClock, createTestCore, type TestCore } from './core';
import { connectToSimulator, createWorldRegistry, type SyncWorld } from './sync';

export const DAY_MS = 24 * 60 * 60_000;

/** One desktop of the office: shaped as a SyncWorld, so every single-desktop helper works on it. */
export interface Desktop extends SyncWorld {
  name: string;
  /** This computer's clock: Ascora's plus `offsetMs`. */
  clock: Clock & { sleeps: number[]; advance(ms: number): void };
  /** How far this computer's clock is from Ascora's (positive: ahead). */
  offsetMs: number;
  registry: Registry;
}

export interface OfficeWorld {
  sim: RunningSimulator;
  /** Ascora's clock: the simulator stamps created dates with it. */
  ascoraClock: ReturnType<typeof createFakeClock>;
  desktops: Desktop[];
  close(): Promise<void>;
}

export interface OfficeOptions {
  /** How many desktops (2 by default). */
  desktops?: number;
  /** Per desktop, how far its computer's clock is from Ascora's, in ms (0 when left out). */
  clockOffsetsMs?: number[];
  sim?: SimulatorOptions;
  pageSize?: number;
}

export async function createOfficeWorld(options: OfficeOptions = {}): Promise<OfficeWorld> {
  const ascoraClock = createFakeClock(Date.now());
  const sim = await startSimulator({
    port: 0,
    seed: 5,
    jobs: 300,
    customers: 60,
    invoices: 50,
    now: () => ascoraClock.now(),
    ...options.sim,
  });
  const count = options.desktops ?? 2;
  const desktops: Desktop[] = [];
  for (let i = 0; i < count; i++) {
    const offsetMs = options.clockOffsetsMs?.[i] ?? 0;
    const sleeps: number[] = [];
    const clock: Desktop['clock'] = {
      now: () => ascoraClock.now() + offsetMs,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        ascoraClock.advance(ms);
      },
      advance: (ms: number) => ascoraClock.advance(ms),
      sleeps,
    };
    const core: TestCore = createTestCore({ clock });
    const { integrationId, apiKey, engine } = connectToSimulator(core, sim, clock, options.pageSize ?? 100);
    const world: SyncWorld = { core, sim, engine, integrationId, clock, apiKey, close: async () => core.close() };
    desktops.push({
      ...world,
      clock,
      name: String.fromCharCode(65 + i),
      offsetMs,
      registry: createWorldRegistry(world),
    });
  }
  return {
    sim,
    ascoraClock,
    desktops,
    close: async () => {
      for (const d of desktops) {
        await d.engine.abort();
        d.core.close();
      }
      await sim.close();
    },
  };
}
