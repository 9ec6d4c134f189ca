/**
 * Connect an Ascora account with its API key, or open the demo workspace: at first run, and from
 * Settings ("Connect an Ascora account", after leaving the demo or disconnecting), with a way back.
 */
import { useId, useState, type FormEvent } from 'react';
import type { ConnectionTestResult, IntegrationStatus } from '../../../shared/domain';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useActiveIntegration, useSession } from '../stores/session';

const DEFAULT_BASE_URL = 'https://api.ascora.com.au';

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
  const keyId = useId();
  const urlId = useId();

  const input = () => ({
    apiKey,
    ...(baseUrl.trim() && baseUrl.trim() !== DEFAULT_BASE_URL ? { baseUrl: baseUrl.trim() } : {}),
  });

  async function run(kind: 'test' | 'connect' | 'demo') {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'test') setTested(await call('integration.test', input()));
      if (kind === 'connect') firstSync(await call('integration.connect', input()));
      if (kind === 'demo') firstSync(await call('integration.openDemo', {}));
    } catch (e) {
      setError(e);
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
        <form className="card" onSubmit={submit} aria-label="Connect with an API key">
          <h2>Your Ascora account</h2>
          <label htmlFor={keyId}>Ascora API key</label>
          <div className="input-with-button">
            <input
              id={keyId}
              type={showKey ? 'text' : 'password'}
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              required
            />
            <button type="button" className="secondary" onClick={() => setShowKey((v) => !v)} aria-pressed={showKey}>
              {showKey ? 'Hide key' : 'Show key'}
            </button>
          </div>
          <p className="hint">
            An Ascora administrator creates the key under Administration › API Settings. It is kept in this computer's
            keychain, never in a file.
          </p>
          <details>
            <summary>Advanced</summary>
            <label htmlFor={urlId}>Ascora address</label>
            <input id={urlId} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
          </details>
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
      <ErrorNotice error={error} />
    </main>
  );
}
