/**
 * The measured processes' side of the simulator: where it answers and its control interface over
 * HTTP (/__sim/<action>). Apart from sim.ts, which starts it, so that a measured process loads none
 * of the simulator's code (bench/child.ts bundles what it imports).
 */
export interface SimEndpoint {
  url: string;
  apiKey: string;
}

/** Calls a control action of the simulator (sim/server.ts SimulatorControl). */
export async function simControl<T = unknown>(sim: SimEndpoint, action: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`${sim.url}/__sim/${action}`, {
    method: 'POST',
    headers: { 'X-Sim-Control': '1', 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; result: T; error?: string };
  if (!body.ok) throw new Error(`simulator control ${action} failed: ${body.error ?? res.status}`);
  return body.result;
}
