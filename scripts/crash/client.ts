// One browser-like client over plain fetch: its own session cookie and CSRF token, no redirects
// followed, so a 303 to the saved record is the acknowledgement the officer would see.

export class Client {
  /** Every cookie the server set: the session once logged in, the CSRF cookie of the login page before. */
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    public baseUrl: string,
    readonly username: string,
    private readonly password: string,
  ) {}

  private get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      if (/expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  async get(path: string): Promise<{ status: number; text: string; location: string | null }> {
    const res = await fetch(this.baseUrl + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.remember(res);
    const text = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.status, text, location: res.headers.get('location') };
  }

  /** Posts a form with the session's CSRF token; resolves once the status line and headers are in. */
  async post(path: string, form: Record<string, string>): Promise<{ status: number; location: string | null }> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, _csrf: this.csrf }).toString(),
      redirect: 'manual',
    });
    this.remember(res);
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, location: res.headers.get('location') };
  }

  async login(): Promise<void> {
    await this.get('/login');
    const res = await this.post('/login', { username: this.username, password: this.password });
    if (res.status !== 303 || res.location?.startsWith('/login')) throw new Error(`login as ${this.username} failed (${res.status})`);
    // The token changes at login: read the new one from a page with a form.
    await this.get('/account/password');
    if (!this.csrf) throw new Error(`no CSRF token for ${this.username}`);
  }

  /** True while the stored session is still valid on the server (sessions live in the database). */
  async stillLoggedIn(): Promise<boolean> {
    const res = await this.get('/account/password');
    return res.status === 200;
  }
}
