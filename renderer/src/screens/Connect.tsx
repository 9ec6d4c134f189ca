/**
 * Connect an Ascora account with its API key, or open the demo workspace: at first run, and from
 * Settings ("Connect an Ascora account", after leaving the demo or disconnecting), with a way back.
 */
import { useState, type FormEvent } from 'react';
import { contract } from '../../../shared/contract';
import type { ConnectionTestResult, IntegrationStatus } from '../../../shared/domain';
import { plainProblems, type FieldProblem } from '../../../shared/plain-words';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field, FormProblems, useProblems } from '../components/Field';
import { useActiveIntegration, useSession } from '../stores/session';

const DEFAULT_BASE_URL = 'https://api.ascora.com.au';

/** The key and address as the contract checks them, each problem beside its field. */
function connectProblems(input: { apiKey: string; baseUrl?: string }): FieldProblem[] {
  const parsed = contract['integration.connect'].input.safeParse(input);
  return parsed.success ? [] : plainProblems(parsed.error.issues);
}

export function Connect() {
  const connected = useSession((s) => s.connected);
  const closeConnect = useSession((s) => s.closeConnect);
  const backTo = useActiveIntegration();
  const [apiKey, setApiKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [baseUrl, setBaseUrl] = useState(DEFAULT_BASE_URL);
  const [busy, setBusy] = useState<null | 'test' | 'connect' | 'demo'>(null);
  const [tested, setTested] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** An error of the key form (testing or connecting) shows in it, by its buttons; the demo's below. */
  const [errorOf, setErrorOf] = useState<'key' | 'demo'>('key');
  const problems = useProblems();

  const input = () => ({
    apiKey,
    ...(baseUrl.trim() && baseUrl.trim() !== DEFAULT_BASE_URL ? { baseUrl: baseUrl.trim() } : {}),
  });

  async function run(kind: 'test' | 'connect' | 'demo') {
    setError(null);
    setErrorOf(kind === 'demo' ? 'demo' : 'key');
    if (kind !== 'demo' && !problems.check(connectProblems(input()))) return;
    setBusy(kind);
    try {
      if (kind === 'test') setTested(await call('integration.test', input()));
      if (kind === 'connect') firstSync(await call('integration.connect', input()));
      if (kind === 'demo') firstSync(await call('integration.openDemo', {}));
    } catch (e) {
      if (kind === 'demo' || !problems.fromError(e)) setError(e);
      if (kind === 'test') setTested(null);
    } finally {
      setBusy(null);
    }
  }

  /** Opens the Dashboard and starts the first sync at once: a new connection has nothing to show yet. */
  function firstSync(status: IntegrationStatus) {
    connected(status);
    // Its progress and any failure show in the top bar and the Sync centre, from main's events.
    void call('sync.now', { integrationId: status.id }).catch(() => undefined);
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('connect');
  };

  return (
    <main className="connect" aria-labelledby="connect-title">
      {backTo ? (
        <button type="button" className="link" onClick={closeConnect}>
          ← Back to {backTo.displayName}
        </button>
      ) : null}
      <h1 id="connect-title">Connect RestoreAssist Desk to Ascora</h1>
      <p className="lead">
        Your jobs, customers and invoices are kept on this computer and synced with Ascora, so the office keeps working
        when the internet is down.
      </p>
      <div className="connect-grid">
        <form className="card" onSubmit={submit} aria-label="Connect with an API key" noValidate>
          <h2>Your Ascora account</h2>
          <Field label="Ascora API key" problem={problems.of('apiKey')}>
            {(control) => (
              <div className="input-with-button">
                <input
                  {...control}
                  type={showKey ? 'text' : 'password'}
                  autoComplete="off"
                  spellCheck={false}
                  value={apiKey}
                  onChange={(e) => {
                    setApiKey(e.target.value);
                    problems.recheck(connectProblems({ ...input(), apiKey: e.target.value }));
                  }}
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setShowKey((v) => !v)}
                  aria-pressed={showKey}
                >
                  {showKey ? 'Hide key' : 'Show key'}
                </button>
              </div>
            )}
          </Field>
          <p className="hint">
            An Ascora administrator creates the key under Administration › API Settings. It is kept in this computer's
            keychain, never in a file.
          </p>
          {/* Open when the address has a problem, so the problem is in sight. */}
          <details open={problems.of('baseUrl') ? true : undefined}>
            <summary>Advanced</summary>
            <Field label="Ascora address" problem={problems.of('baseUrl')}>
              {(control) => (
                <input
                  {...control}
                  type="url"
                  value={baseUrl}
                  onChange={(e) => {
                    setBaseUrl(e.target.value);
                    problems.recheck(connectProblems({ apiKey, baseUrl: e.target.value.trim() }));
                  }}
                />
              )}
            </Field>
          </details>
          <FormProblems problems={problems.elsewhere(['apiKey', 'baseUrl'])} />
          {errorOf === 'key' ? <ErrorNotice error={error} /> : null}
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={!apiKey || busy !== null}
              onClick={() => void run('test')}
            >
              {busy === 'test' ? 'Testing…' : 'Test connection'}
            </button>
            <button type="submit" disabled={!apiKey || busy !== null}>
              {busy === 'connect' ? 'Connecting…' : 'Save and connect'}
            </button>
          </div>
          <div aria-live="polite">
            {tested ? (
              <p className="notice notice-ok">
                Connected: this account has {tested.jobCount.toLocaleString('en-AU')} jobs and{' '}
                {tested.customerCount.toLocaleString('en-AU')} customers.
              </p>
            ) : null}
          </div>
        </form>
        <section className="card" aria-labelledby="demo-title">
          <h2 id="demo-title">No Ascora account?</h2>
          <p>
            Try the app with a demo workspace: a built-in Ascora simulator with sample Australian jobs, customers and
            invoices. Nothing is sent anywhere.
          </p>
          <button type="button" disabled={busy !== null} onClick={() => void run('demo')}>
            {busy === 'demo' ? 'Opening…' : 'Open demo workspace'}
          </button>
        </section>
      </div>
      {errorOf === 'demo' ? <ErrorNotice error={error} /> : null}
    </main>
  );
}
