/**
 * /preferences: the desktop app's settings (the tray's "Preferences…"):
 * launch at login, what quitting does to the schedules, and a switch per
 * alert kind for desktop notifications. Read and written through the
 * shell bridge (shared/shell-contract.ts), never the HTTP API: they belong
 * to the app, not the daemon. In a browser the view says so.
 */
import { useEffect, useState } from 'react';
import { NOTIFIABLE_ALERT_KINDS, notifies, type DesktopPreferences } from '../../../shared/shell-preferences.js';
import { shellBridge } from '../../api/index.js';
import './preferences.css';

/** See the file comment. */
export function PreferencesView() {
  const bridge = shellBridge();
  return (
    <section className="view view-preferences" aria-labelledby="preferences-title">
      <div className="view-head">
        <h1 id="preferences-title">Preferences</h1>
      </div>
      {bridge === null ? (
        <p className="empty">
          These are the settings of the Tickwork desktop app (launch at login, what quitting does, desktop notifications per alert kind). Open them from the app's tray menu: Preferences…
        </p>
      ) : (
        <PreferencesForm bridge={bridge} />
      )}
    </section>
  );
}

function PreferencesForm({ bridge }: { readonly bridge: NonNullable<ReturnType<typeof shellBridge>> }) {
  const [prefs, setPrefs] = useState<DesktopPreferences | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let live = true;
    bridge
      .getPreferences({})
      .then((answer) => live && setPrefs(answer))
      .catch((error: Error) => live && setProblem(`Could not read the preferences: ${error.message}`));
    return () => {
      live = false;
    };
  }, [bridge]);

  const change = (patch: Partial<DesktopPreferences>) => {
    setSaving(true);
    setProblem(null);
    bridge
      .setPreferences(patch)
      .then(setPrefs)
      .catch((error: Error) => setProblem(`Could not save: ${error.message}`))
      .finally(() => setSaving(false));
  };

  if (prefs === null) return problem !== null ? <p className="empty" role="alert">{problem}</p> : <p className="empty">Loading…</p>;
  return (
    <div className="preferences">
      <fieldset className="preferences-group">
        <legend>App</legend>
        <PreferenceSwitch label="Launch at login" detail="Starts hidden in the tray when you log in." on={prefs.launchAtLogin} disabled={saving} onChange={(on) => change({ launchAtLogin: on })} />
        <PreferenceSwitch
          label="Keep running on quit"
          detail={prefs.keepRunningOnQuit ? 'Quitting leaves the daemon running: schedules keep firing, and the next launch attaches to it.' : 'Quitting stops the daemon the app started: no schedule fires until the app or tickwork up runs again.'}
          on={prefs.keepRunningOnQuit}
          disabled={saving}
          onChange={(on) => change({ keepRunningOnQuit: on })}
        />
      </fieldset>
      <fieldset className="preferences-group">
        <legend>Desktop notifications</legend>
        {NOTIFIABLE_ALERT_KINDS.map(({ rule, label }) => (
          <PreferenceSwitch key={rule} label={label} on={notifies(prefs.notify, rule)} disabled={saving} onChange={(on) => change({ notify: { ...prefs.notify, [rule]: on } })} />
        ))}
        <p className="preferences-note">A kind switched off still shows in Alerts and reaches webhooks; only the desktop notification is left out.</p>
      </fieldset>
      {problem !== null && (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function PreferenceSwitch(props: { readonly label: string; readonly detail?: string; readonly on: boolean; readonly disabled: boolean; readonly onChange: (on: boolean) => void }) {
  return (
    <div className="preference">
      <button type="button" role="switch" aria-checked={props.on} className={`switch ${props.on ? 'is-on' : 'is-off'}`} disabled={props.disabled} onClick={() => props.onChange(!props.on)}>
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="preference-label">{props.label}</span>
      </button>
      {props.detail !== undefined && <p className="preference-detail">{props.detail}</p>}
    </div>
  );
}
