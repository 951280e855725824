// Sign in and out, and which views a signed-in person gets: their own status always, the admin view
// when the API says they are an admin (it answers `GET /admin/queue` with 200, not 403).
import { PaymentsApiError } from '@biztech/payments-http/client';
import { startAdminView } from './admin-view.ts';
import { $ } from './dom.ts';
import { startMyStatus } from './my-status.ts';
import { bearer, currentSignIn, type SignedIn, type SignInConfig, signIn, signOut } from './sign-in.ts';
import { createSignedInApi } from './signed-in-api.ts';

/** An event of the demo (from `GET /demo/events`). */
export interface AccountEvent {
  id: string;
  year: number;
  ename: string;
  isApplicationBased: boolean;
}

/** Where a view reports: its own status line. */
const reporter =
  (id: string) =>
  (text: string, isError = false) => {
    const line = $(id);
    line.textContent = text;
    line.classList.toggle('error', isError);
  };

/**
 * Wires the sign-in form and shows the views of whoever is signed in in this tab; `onChange` hears
 * of every sign-in and sign-out (the page's status panel reads with the token).
 */
export async function startAccount(
  events: AccountEvent[],
  explain: (error: unknown) => string,
  onChange: (signedIn: SignedIn | undefined) => void,
): Promise<void> {
  const say = reporter('account-message');
  const config = (await (await fetch('/demo/sign-in')).json()) as SignInConfig | null;
  const form = $<HTMLFormElement>('sign-in-form');
  if (!config) {
    form.hidden = true;
    say('No user pool is configured, so nobody can sign in.');
    return;
  }

  const hideViews = () => {
    for (const id of ['signed-in', 'my-status', 'admin']) $(id).hidden = true;
    form.hidden = false;
  };

  async function show(signedIn: SignedIn) {
    const api = createSignedInApi(bearer(signedIn));
    let isAdmin = false;
    try {
      await api.queue();
      isAdmin = true;
    } catch (error) {
      if (!(error instanceof PaymentsApiError && error.status === 403)) {
        signOut();
        hideViews();
        say(`Your sign-in was not accepted: ${explain(error)}`, true);
        onChange(undefined);
        return;
      }
    }
    form.hidden = true;
    $('signed-in').hidden = false;
    $('signed-in-email').textContent = signedIn.email;
    $('signed-in-role').textContent = isAdmin ? '(admin)' : '(not an admin)';
    $('my-status').hidden = false;
    onChange(signedIn);
    await startMyStatus({ signedIn, api, events, report: reporter('my-status-message'), explain })();
    $('admin').hidden = !isAdmin;
    if (isAdmin) {
      await startAdminView({ api, events, report: reporter('admin-message'), explain })();
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    say('Signing in…');
    void signIn(config, String(data.get('email')), String(data.get('password')))
      .then(async (signedIn) => {
        say('');
        form.reset();
        await show(signedIn);
      })
      .catch((error) => say(explain(error), true));
  });
  // Enabled only now: before the script has wired the form, a press would submit it natively (a GET
  // with the password in the URL). A disabled default button also blocks submitting with Enter.
  $<HTMLButtonElement>('sign-in-button').disabled = false;
  $('sign-out-button').addEventListener('click', () => {
    signOut();
    hideViews();
    say('Signed out.');
    onChange(undefined);
  });
  const already = currentSignIn();
  if (already) await show(already);
}
