/**
 * `npm run sim -- --seed 7 --jobs 5000 --port 4010 [--network]`: the Ascora simulator on its own;
 * `--network` serves it through the Ascora-like network model with its defaults (docs/network-model.md).
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './server';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    jobs: { type: 'string', default: '5000' },
    customers: { type: 'string' },
    invoices: { type: 'string' },
    port: { type: 'string', default: '4010' },
    latency: { type: 'string', default: '0' },
    network: { type: 'boolean', default: false },
  },
});

const number = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not "${raw}".`);
    process.exit(2);
  }
  return n;
};

const sim = await startSimulator({
  seed: number('seed', values.seed),
  jobs: number('jobs', values.jobs),
  customers: number('customers', values.customers),
  invoices: number('invoices', values.invoices),
  port: number('port', values.port),
  latencyMs: number('latency', values.latency),
  network: values.network ? {} : undefined,
  // Run on its own, the simulator is driven by tests and benchmarks in other processes.
  controlRoutes: true,
});
console.log(`Ascora simulator at ${sim.url}`);
console.log(`API key (send it in the Auth header): ${sim.apiKey}`);
if (values.network) console.log('Network model on (docs/network-model.md): change it with POST /__sim/setNetwork.');
console.log(`Try: curl -H 'Auth: ${sim.apiKey}' '${sim.url}/Jobs/Jobs?Page=1&PageSize=2'`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
