/**
 * Settings: appearance (light, dark or as the system), payment method names, GST-inclusive reports,
 * close to tray, the office time zone, the connection (its API key, disconnect or leave the demo,
 * connect another account), the log folder, and updates (the desktop app's "Restart to update").
 */
import { useId, useState } from 'react';
import { THEME_CHOICES, type Settings as SettingsValue, type ThemeChoice } from '../../../shared/domain';
import { call } from '../api';
import { DisconnectDialog } from '../components/DisconnectDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { YourNameCard } from '../components/YourNameCard';
import { TimeZoneSetting } from '../components/TimeZoneSetting';
import { UpdatesCard } from '../components/UpdatesCard';
import { setCoreData, useCoreQuery } from '../cache';
import { useActiveIntegration, useSession } from '../stores/session';
import { useTheme } from '../stores/theme';

export function Settings() {
  const settings = useCoreQuery('settings.get', {});
  const integration = useActiveIntegration();
  const openConnect = useSession((s) => s.openConnect);
  const [methods, setMethods] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [newKey, setNewKey] = useState('');
  const [keySaved, setKeySaved] = useState(false);
  const ids = { methods: useId(), key: useId() };
  const s = settings.data;

  async function save(changes: Partial<SettingsValue>) {
    setError(null);
    try {
      setCoreData('settings.get', {}, await call('settings.update', changes));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  async function replaceKey() {
    if (!integration) return;
    setError(null);
    setKeySaved(false);
    try {
      await call('integration.replaceKey', { integrationId: integration.id, apiKey: newKey });
      setNewKey('');
      setKeySaved(true);
    } catch (e) {
      setError(e);
    }
  }

  /** Leaving the demo leads to Connect; a real account kept after a disconnect stays on screen to reconnect. */
  async function disconnected(wiped: boolean) {
    setConfirm(false);
    if (integration?.isDemo || wiped) openConnect();
  }

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <ErrorNotice error={error ?? settings.error} />
      {saved ? (
        <p className="notice notice-ok" role="status">
          Settings saved.
        </p>
      ) : null}
      {s ? (
        <div className="cards settings-cards">
          <AppearanceCard onError={setError} />
          <div className="card">
            <h2>Payment methods</h2>
            <p className="hint">
              The names of the payment methods set up in your Ascora company, one per line. Ascora's API cannot list
              them.
            </p>
            <label htmlFor={ids.methods}>Payment methods</label>
            <textarea
              id={ids.methods}
              rows={5}
              value={methods ?? s.paymentMethods.join('\n')}
              onChange={(e) => setMethods(e.target.value)}
            />
            <button
              type="button"
              onClick={() =>
                void save({
                  paymentMethods: (methods ?? '')
                    .split('\n')
                    .map((m) => m.trim())
                    .filter(Boolean),
                })
              }
              disabled={methods === null}
            >
              Save payment methods
            </button>
          </div>
          <div className="card">
            <h2>Reports and window</h2>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={s.reportTotalsIncludeGst}
                onChange={(e) => void save({ reportTotalsIncludeGst: e.target.checked })}
              />{' '}
              Report totals include GST
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={s.closeToTray}
                onChange={(e) => void save({ closeToTray: e.target.checked })}
              />{' '}
              Closing the window keeps the app in the tray
            </label>
          </div>
          <TimeZoneSetting value={s.timeZone} onSaved={(saved) => setCoreData('settings.get', {}, saved)} />
          {integration ? (
            <div className="card card-full">
              <h2>Connection</h2>
              <p>
                {integration.displayName} · {integration.baseUrl}
              </p>
              {!integration.isDemo ? (
                <form
                  aria-label="Replace the API key"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void replaceKey();
                  }}
                >
                  <label htmlFor={ids.key}>
                    {integration.state === 'needs_reauth' || integration.state === 'disconnected'
                      ? 'Enter an API key to sync again'
                      : 'Replace the API key'}
                  </label>
                  <div className="input-with-button">
                    <input
                      id={ids.key}
                      type="password"
                      autoComplete="off"
                      spellCheck={false}
                      value={newKey}
                      onChange={(e) => {
                        setKeySaved(false);
                        setNewKey(e.target.value);
                      }}
                    />
                    <button type="submit" disabled={!newKey}>
                      Test and save key
                    </button>
                  </div>
                  <p className="hint">
                    The key is tested with Ascora first, then kept in this computer's keychain. The local copy stays as
                    it is.
                  </p>
                  {keySaved ? (
                    <p className="notice notice-ok" role="status">
                      Key saved. Syncing works again.
                    </p>
                  ) : null}
                </form>
              ) : null}
              {integration.state === 'disconnected' ? (
                <p className="notice notice-info" role="status">
                  Disconnected: nothing is synced.{' '}
                  {integration.isDemo
                    ? 'Open the demo workspace again from Connect to sync it.'
                    : 'Enter an API key above to sync it again, or connect another account.'}
                </p>
              ) : null}
              {confirm ? (
                <DisconnectDialog
                  integration={integration}
                  onDone={(wiped) => void disconnected(wiped)}
                  onCancel={() => setConfirm(false)}
                />
              ) : (
                <div className="actions">
                  {integration.state !== 'disconnected' ? (
                    <button type="button" className="secondary" onClick={() => setConfirm(true)}>
                      {integration.isDemo ? 'Leave the demo…' : 'Disconnect…'}
                    </button>
                  ) : null}
                  <button type="button" className="secondary" onClick={openConnect}>
                    Connect an Ascora account
                  </button>
                </div>
              )}
            </div>
          ) : null}
          <YourNameCard />
          <LocalCopyCard />
          <LogFolderCard />
          <UpdatesCard />
        </div>
      ) : null}
    </section>
  );
}

const THEME_WORDS: Record<ThemeChoice, string> = {
  system: 'Same as this computer',
  light: 'Light',
  dark: 'Dark',
};

/** Light, dark or as the OS is set: applied at once, kept with the other settings (stores/theme.ts). */
function AppearanceCard({ onError }: { onError(error: unknown): void }) {
  const choice = useTheme((s) => s.choice);
  const choose = useTheme((s) => s.choose);
  const name = useId();
  return (
    <div className="card">
      <h2>Appearance</h2>
      <fieldset className="choice">
        <legend>Theme</legend>
        {THEME_CHOICES.map((option) => (
          <label className="radio" key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={choice === option}
              onChange={() => {
                onError(null);
                choose(option).catch(onError);
              }}
            />{' '}
            {THEME_WORDS[option]}
          </label>
        ))}
      </fieldset>
      <p className="hint">"Same as this computer" follows the system's light or dark setting, also when it changes.</p>
    </div>
  );
}

/**
 * Whether the data kept on this computer is encrypted (issue 22): said plainly either way, and
 * when it is not, why and what to do.
 */
function LocalCopyCard() {
  const protection = useCoreQuery('settings.localCopy', {});
  const p = protection.data;
  return (
    <div className="card">
      <h2>Data on this computer</h2>
      <ErrorNotice error={protection.error} />
      {p ? (
        p.encrypted ? (
          <p className="notice notice-ok" role="status" aria-label="Encryption">
            The local copy of your Ascora data, its backups, your attachments and the demo workspace are encrypted, with
            a key kept in this computer's system keychain. An attachment you open is decrypted into a copy for the
            program that shows it, removed when RestoreAssist Desk quits; files you save or export are not encrypted.
          </p>
        ) : (
          <p className="notice notice-warn" role="status" aria-label="Encryption">
            {p.note}
          </p>
        )
      ) : null}
    </div>
  );
}

/**
 * Where the log files are, to send to support. The desktop app can open the folder; a browser
 * cannot, so there the path is shown to copy.
 */
function LogFolderCard() {
  const folder = useCoreQuery('settings.logFolder', { open: false });
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fieldId = useId();
  const f = folder.data;

  async function copy() {
    if (!f) return;
    try {
      await navigator.clipboard.writeText(f.path);
      setNote('Path copied.');
    } catch {
      // No clipboard here (a page without permission, or not a secure context): select it for Ctrl+C.
      const shown = document.getElementById(fieldId);
      const selection = window.getSelection();
      if (shown && selection) {
        const range = document.createRange();
        range.selectNodeContents(shown);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setNote('The path is selected: copy it with Ctrl+C.');
    }
  }

  async function open() {
    setError(null);
    setNote(null);
    try {
      const result = await call('settings.logFolder', { open: true });
      if (!result.opened) setNote('The folder could not be opened. Copy its path instead.');
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="card">
      <h2>Logs</h2>
      <p className="hint">
        If something goes wrong, send the files in this folder to support (the newest is restoreassist.log). They never
        contain the API key.
      </p>
      <ErrorNotice error={error ?? folder.error} />
      {f ? (
        <>
          {/* Shown whole, wrapped anywhere: a long path in a narrow card must still be readable. */}
          <dl className="path">
            <dt>Log folder</dt>
            <dd>
              <code id={fieldId}>{f.path}</code>
            </dd>
          </dl>
          <div className="actions">
            <button type="button" onClick={() => void copy()}>
              Copy path
            </button>
            {f.canOpen ? (
              <button type="button" className="secondary" onClick={() => void open()}>
                Open log folder
              </button>
            ) : null}
          </div>
          {note ? (
            <p className="hint" role="status">
              {note}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
