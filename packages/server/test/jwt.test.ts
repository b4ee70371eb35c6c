/**
 * Sign-in with the host's tokens: JWTs signed here (HS256, RS256, ES256; a JWKS file in a temp
 * directory) and sent to the real app, which verifies them with createJwtAuthenticator.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import {
  createApp,
  createJwtAuthenticator,
  insertRuns,
  ManualClock,
  scaledPolicies,
  type Db,
  type JwtAuthOptions,
} from '../src/index.js';
import { FIXTURE, WS1 } from './fixtures.js';
import { backends, request, T0, truncate } from './helpers.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const ISS = 'https://portal.example.com';
const AUD = 'runsight';
const T0_S = T0 / 1000;
const policies = scaledPolicies(1);

type Key = CryptoKey | Uint8Array;
interface SignOptions {
  alg?: 'HS256' | 'RS256' | 'ES256';
  key?: Key;
  kid?: string;
  /** seconds relative to T0; null: no such claim */
  iat?: number | null;
  exp?: number | null;
  nbf?: number | null;
  iss?: string | null;
  aud?: string | string[] | null;
}

const hsKey = new TextEncoder().encode(SECRET);

/** A token as the host would sign it: 5 minutes from T0, full scope unless `claims` say else. */
function sign(claims: JWTPayload = { runsight: { workspaces: '*' } }, o: SignOptions = {}) {
  const jwt = new SignJWT({ sub: 'user-7', name: 'Ana Admin', ...claims });
  jwt.setProtectedHeader(o.kid ? { alg: o.alg ?? 'HS256', kid: o.kid } : { alg: o.alg ?? 'HS256' });
  if (o.iat !== null) jwt.setIssuedAt(T0_S + (o.iat ?? 0));
  if (o.exp !== null) jwt.setExpirationTime(T0_S + (o.exp ?? 300));
  if (o.nbf !== undefined && o.nbf !== null) jwt.setNotBefore(T0_S + o.nbf);
  if (o.iss !== null) jwt.setIssuer(o.iss ?? ISS);
  if (o.aud !== null) jwt.setAudience(o.aud ?? AUD);
  return jwt.sign(o.key ?? hsKey);
}

/** An unsecured token (`alg: none`), as an attacker would send it. */
function unsecured(payload: JWTPayload): string {
  const part = (v: unknown) => base64url.encode(JSON.stringify(v));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

const backend = backends()[0]!;

describe('JWT sign-in through the app', () => {
  let db: Db;
  let dir: string;
  const clock = new ManualClock(T0);
  let rsa: CryptoKeyPair;
  let ec: CryptoKeyPair;
  let ec2: CryptoKeyPair;
  let jwksFile: string;

  const appWith = async (
    opts: JwtAuthOptions,
    extra: Partial<Parameters<typeof createApp>[0]> = {},
  ) =>
    createApp({
      db,
      clock,
      policies,
      authenticate: await createJwtAuthenticator(opts, { now: () => clock.now() }),
      rateLimit: false,
      ...extra,
    });
  const hsOptions: JwtAuthOptions = {
    algorithms: ['HS256'],
    secret: SECRET,
    issuer: ISS,
    audience: AUD,
  };

  before(async () => {
    db = await backend.open();
    await truncate(db);
    await insertRuns(db, FIXTURE);
    dir = await mkdtemp(join(tmpdir(), 'runsight-jwt-'));
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    ec2 = await generateKeyPair('ES256', { extractable: true });
    jwksFile = join(dir, 'jwks.json');
    const jwk = async (k: CryptoKey, kid: string, alg: string) => ({
      ...(await exportJWK(k)),
      kid,
      alg,
      use: 'sig',
    });
    await writeFile(
      jwksFile,
      JSON.stringify({
        keys: [
          await jwk(ec.publicKey, 'ec-1', 'ES256'),
          await jwk(ec2.publicKey, 'ec-2', 'ES256'),
          await jwk(rsa.publicKey, 'rsa-1', 'RS256'),
        ],
      }),
    );
  });
  after(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => clock.set(T0));

  const list = (app: ReturnType<typeof createApp>, qs: string, token: string) =>
    request(app, `/api/operation-runs?${qs}`, token);

  const assertInvalid = async (app: ReturnType<typeof createApp>, token: string, why: string) => {
    const res = await list(app, 'workspace=ws_1', token);
    assert.equal(res.status, 401, `${why}: ${res.text}`);
    assert.equal(res.body.error.code, 'unauthorized', why);
    assert.equal(
      res.headers.get('www-authenticate'),
      'Bearer realm="runsight", error="invalid_token"',
      why,
    );
  };

  describe('HS256 with a shared secret', () => {
    let app: ReturnType<typeof createApp>;
    before(async () => {
      app = await appWith(hsOptions);
    });

    it('a valid token with the full scope sees the whole workspace', async () => {
      const res = await list(app, 'workspace=ws_1', await sign());
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data.map((r) => r.id).sort(), [...WS1].sort());
      assert.equal((await list(app, 'workspace=ws_2', await sign())).status, 200);
    });

    it('a restricted scope is enforced as today: other tenants and workspaces are not found', async () => {
      const token = await sign({ runsight: { workspaces: { ws_1: ['t_1'] } } });
      const own = await list(app, 'workspace=ws_1', token);
      assert.equal(own.status, 200);
      const mine = FIXTURE.filter((r) => r.workspaceId === 'ws_1' && r.tenantId === 't_1');
      assert.deepEqual(own.body.data.map((r) => r.id).sort(), mine.map((r) => r.id).sort());
      assert.ok(mine.length > 0);
      assert.equal((await list(app, 'workspace=ws_1&tenant=t_1', token)).status, 200);
      const tenant = await list(app, 'workspace=ws_1&tenant=t_2', token);
      assert.equal(tenant.status, 404);
      assert.match(tenant.body.error.message, /^Tenant not found/);
      const ws = await list(app, 'workspace=ws_2', token);
      assert.equal(ws.status, 404);
      assert.match(ws.body.error.message, /^Workspace not found/);
      const ws2 = await sign({ runsight: { workspaces: { ws_2: '*' } } });
      assert.equal((await list(app, 'workspace=ws_2', ws2)).status, 200);
      assert.equal((await list(app, 'workspace=ws_1', ws2)).status, 404);
    });

    it('a workspace named like an Object.prototype member grants nothing', async () => {
      const token = await sign({
        runsight: { workspaces: { constructor: '*', ['__proto__']: '*' } },
      });
      assert.equal((await list(app, 'workspace=ws_1', token)).status, 404);
      assert.equal((await list(app, 'workspace=constructor', token)).status, 404);
    });

    it('expiry: accepted within the clock tolerance, refused beyond it', async () => {
      const token = await sign(undefined, { exp: 60 });
      clock.set(T0 + 60_000 + 29_000);
      assert.equal(
        (await list(app, 'workspace=ws_1', token)).status,
        200,
        '29 s late: within 30 s',
      );
      clock.set(T0 + 60_000 + 31_000);
      await assertInvalid(app, token, '31 s late');
    });

    it('not before: refused until nbf (less the tolerance)', async () => {
      const token = await sign(undefined, { nbf: 120 });
      await assertInvalid(app, token, 'nbf 120 s ahead');
      clock.set(T0 + 95_000);
      assert.equal((await list(app, 'workspace=ws_1', token)).status, 200, 'nbf 25 s ahead');
    });

    it('refuses bad signatures, other audiences and issuers, missing exp and unsecured tokens', async () => {
      const good = await sign();
      const [h, p, s] = good.split('.') as [string, string, string];
      const flipped = s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`;
      await assertInvalid(app, `${h}.${p}.${flipped}`, 'signature altered');
      await assertInvalid(
        app,
        await sign(undefined, { key: new TextEncoder().encode('x'.repeat(40)) }),
        'another secret',
      );
      const forged = base64url.encode(
        JSON.stringify({
          sub: 'x',
          aud: AUD,
          iss: ISS,
          exp: T0_S + 300,
          runsight: { workspaces: '*' },
        }),
      );
      await assertInvalid(app, `${h}.${forged}.${s}`, 'payload swapped');
      await assertInvalid(app, await sign(undefined, { aud: 'another-service' }), 'wrong aud');
      await assertInvalid(app, await sign(undefined, { aud: null }), 'no aud');
      await assertInvalid(app, await sign(undefined, { iss: 'https://evil.example' }), 'wrong iss');
      await assertInvalid(app, await sign(undefined, { exp: null }), 'no exp');
      await assertInvalid(
        app,
        unsecured({ sub: 'x', aud: AUD, iss: ISS, exp: T0_S + 300, runsight: { workspaces: '*' } }),
        'alg none',
      );
      await assertInvalid(app, 'not.a.jwt', 'garbage');
    });

    it('refuses a missing or malformed scope claim', async () => {
      await assertInvalid(app, await sign({}), 'no claim');
      for (const claim of [
        '*',
        { workspaces: 5 },
        { workspaces: ['ws_1'] },
        { workspaces: { ws_1: 't_1' } },
        { workspaces: { ws_1: [1] } },
        { tenants: '*' },
      ]) {
        await assertInvalid(app, await sign({ runsight: claim }), JSON.stringify(claim));
      }
    });

    it('reads the scope and the name from the configured claims', async () => {
      const auth = await createJwtAuthenticator(
        { ...hsOptions, scopeClaim: 'https://portal.example.com/runsight', nameClaim: 'email' },
        { now: () => clock.now() },
      );
      const token = await sign({
        email: 'ana@example.com',
        'https://portal.example.com/runsight': { workspaces: { ws_2: '*' } },
      });
      assert.deepEqual(await auth(token), { name: 'ana@example.com', workspaces: { ws_2: '*' } });
      assert.equal(await auth(await sign()), null, 'the default claim is not read then');
      const plain = await createJwtAuthenticator(hsOptions, { now: () => clock.now() });
      assert.equal(
        (await plain(await sign({ name: undefined, runsight: { workspaces: '*' } })))?.name,
        'user-7',
        'falls back to sub',
      );
    });

    it('failed JWT sign-ins count towards the per-address limit (429)', async () => {
      const limited = await appWith(hsOptions, {
        rateLimit: { authFailureBurst: 2, authFailurePerSecond: 0.01 },
        clientAddress: () => '203.0.113.9',
      });
      const expired = await sign(undefined, { exp: -3600 });
      assert.equal((await list(limited, 'workspace=ws_1', expired)).status, 401);
      assert.equal((await list(limited, 'workspace=ws_1', expired)).status, 401);
      const third = await list(limited, 'workspace=ws_1', expired);
      assert.equal(third.status, 429);
      assert.ok(third.headers.get('retry-after'));
      assert.equal(
        (await list(limited, 'workspace=ws_1', await sign())).status,
        200,
        'a valid token is not limited',
      );
    });
  });

  describe('RS256 and ES256', () => {
    it('RS256 with a PEM public key; an HS256 token is refused when only RS256 is allowed', async () => {
      const app = await appWith({
        algorithms: ['RS256'],
        publicKey: await exportSPKI(rsa.publicKey),
        audience: AUD,
      });
      assert.equal(
        (
          await list(
            app,
            'workspace=ws_1',
            await sign(undefined, { alg: 'RS256', key: rsa.privateKey }),
          )
        ).status,
        200,
      );
      await assertInvalid(app, await sign(), 'HS256 when only RS256');
      await assertInvalid(
        app,
        await sign(undefined, { alg: 'ES256', key: ec.privateKey }),
        'ES256 when only RS256',
      );
      const other = await generateKeyPair('RS256');
      await assertInvalid(
        app,
        await sign(undefined, { alg: 'RS256', key: other.privateKey }),
        'another RSA key',
      );
    });

    it('no algorithm confusion: HS256 signed with the public key as the secret is refused', async () => {
      const pem = await exportSPKI(rsa.publicKey);
      const app = await appWith({ ...hsOptions, algorithms: ['HS256', 'RS256'], publicKey: pem });
      await assertInvalid(
        app,
        await sign(undefined, { key: new TextEncoder().encode(pem) }),
        'HS256 keyed with the PEM',
      );
      assert.equal(
        (await list(app, 'workspace=ws_1', await sign())).status,
        200,
        'the shared secret',
      );
      assert.equal(
        (
          await list(
            app,
            'workspace=ws_1',
            await sign(undefined, { alg: 'RS256', key: rsa.privateKey }),
          )
        ).status,
        200,
        'the RSA key',
      );
    });

    it('ES256 and RS256 from a JWKS file, the key chosen by kid', async () => {
      const app = await appWith({
        algorithms: ['ES256', 'RS256'],
        jwksFile,
        issuer: [ISS, 'https://other.example'],
        audience: [AUD, 'x'],
      });
      for (const [alg, key, kid] of [
        ['ES256', ec.privateKey, 'ec-1'],
        ['ES256', ec2.privateKey, 'ec-2'],
        ['RS256', rsa.privateKey, 'rsa-1'],
      ] as const) {
        const res = await list(app, 'workspace=ws_1', await sign(undefined, { alg, key, kid }));
        assert.equal(res.status, 200, kid);
      }
      await assertInvalid(
        app,
        await sign(undefined, { alg: 'ES256', key: ec.privateKey, kid: 'ec-2' }),
        'kid of another key',
      );
      await assertInvalid(
        app,
        await sign(undefined, { alg: 'ES256', key: ec.privateKey, kid: 'nope' }),
        'unknown kid',
      );
      await assertInvalid(
        app,
        await sign(undefined, { alg: 'ES256', key: ec.privateKey }),
        'no kid, two EC keys match',
      );
      await assertInvalid(app, await sign(), 'HS256 with a JWKS');
    });
  });
});
