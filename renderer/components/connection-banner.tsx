/** Says when the daemon is gone (and that the page reconnects by itself), or that the session ended. */
import { useConnectionState } from '../api/index.js';

/** See the file comment. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state === 'lost') {
    return (
      <div className="banner banner-warning" role="alert">
        <strong>Connection to the daemon lost.</strong> Reconnecting… Live updates resume where they stopped. If the daemon was stopped, start it again with{' '}
        <code>tickwork up</code>.
      </div>
    );
  }
  if (state === 'signed-out') {
    return (
      <div className="banner banner-error" role="alert">
        <strong>Not signed in.</strong> Run <code>tickwork ui</code> in a terminal to open a signed-in dashboard.
      </div>
    );
  }
  return null;
}
