// A real OpenID provider for the local stack and the API tests: the OpenID-certified npm
// package `oidc-provider`, in memory, on 127.0.0.1 only. Not for anything but local use.
//
//   node provider.mjs            port from OIDC_PROVIDER_PORT (default 4667)
//
// Issuer http://127.0.0.1:<port>. Clients (secret `aegis-test-secret`, authorization code with
// PKCE; any loopback redirect URI ending in /api/v1/auth/oidc/callback):
//   aegis-test         the client of the tests and of `make dev`
//   aegis-short-code   its authorization codes live 2 seconds (the expired-code test)
//   aegis-wrong-aud    a misbehaving provider: its ID tokens are re-signed, with the provider's
//                      own key, for another audience (the audience check is all that stands)
// Accounts: anyone. The interaction (GET /interaction/<uid> shows a form; tests POST it) takes
// `login` (the subject) and `groups` (comma-separated, kept for the account's `groups` claim),
// and grants consent in the same step, so no further page follows.
// POST /__test/rotate-keys adds a new signing key in front (the old ones stay published), as a
// provider rotating its keys does: tokens are signed with the new one from then on.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';

const port = Number(process.env.OIDC_PROVIDER_PORT || 4667);
const issuer = `http://127.0.0.1:${port}`;
const secret = 'aegis-test-secret';
const callbackPath = '/api/v1/auth/oidc/callback';

/** account id → { groups } */
const accounts = new Map();
/** signing keys (private JWKs), the newest first */
const keys = [];

async function newKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function client(clientId) {
  return {
    client_id: clientId,
    client_secret: secret,
    redirect_uris: [`http://127.0.0.1:8000${callbackPath}`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  };
}

function build() {
  const provider = new Provider(issuer, {
    clients: [client('aegis-test'), client('aegis-short-code'), client('aegis-wrong-aud')],
    jwks: { keys },
    cookies: { keys: ['aegis-local-oidc-provider-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    // Scope claims go into the ID token too, as Entra ID, Okta and Keycloak do for groups.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AuthorizationCode: (ctx, code, c) => (c.clientId === 'aegis-short-code' ? 2 : 60),
    },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: `${id}@example.test`,
            email_verified: true,
            name: `Test ${id}`,
            preferred_username: id,
            groups: accounts.get(id)?.groups ?? [],
          };
        },
      };
    },
  });
  // Any loopback callback of an Aegis API (the tests bind random ports).
  provider.Client.prototype.redirectUriAllowed = function allowed(uri) {
    try {
      const u = new URL(uri);
      return u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname) && u.pathname === callbackPath;
    } catch {
      return false;
    }
  };
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.oidc?.client?.clientId === 'aegis-wrong-aud' && ctx.body?.id_token) {
      const claims = { ...decodeJwt(ctx.body.id_token), aud: 'someone-else' };
      const signing = await importJWK(keys[0], 'RS256');
      ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: keys[0].kid }).sign(signing) };
    }
  });
  return provider;
}

keys.push(await newKey());
let provider = build();

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; if (body.length > 10000) req.destroy(); });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Local OpenID provider</title><form method="post" action="/interaction/${escape(uid)}">
<label>Subject <input name="login" required></label> <label>Groups <input name="groups" placeholder="aegis-admins"></label>
<button>Sign in</button></form><p>Client ${escape(details.params.client_id)}, local testing only.</p>`);
    return;
  }
  const form = await readForm(req);
  const accountId = form.get('login');
  if (!accountId) { res.writeHead(400).end('login is required'); return; }
  const groups = (form.get('groups') || '').split(',').map((g) => g.trim()).filter(Boolean);
  accounts.set(accountId, { groups });
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const server = http.createServer(async (req, res) => {
  try {
    const path = new URL(req.url, issuer).pathname;
    const uid = path.match(/^\/interaction\/([^/]+)$/)?.[1];
    if (uid && (req.method === 'GET' || req.method === 'POST')) return await interaction(req, res, uid);
    if (path === '/__test/rotate-keys' && req.method === 'POST') {
      keys.unshift(await newKey());
      provider = build();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kid: keys[0].kid }));
      return;
    }
    return provider.callback()(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(err?.message ?? err));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`OpenID provider ${issuer} (oidc-provider, in memory)`));
