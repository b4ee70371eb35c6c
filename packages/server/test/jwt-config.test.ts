/** The JWT auth's configuration: each mistake in the `auth` section, and unusable keys, at start. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import {
  createJwtAuthenticator,
  parseJwtAuthConfig,
  type Authenticator,
  type JwtAuthOptions,
} from '../src/index.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const AUD = 'runsight';

describe('createJwtAuthenticator: unusable keys fail at start', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runsight-jwt-keys-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const fails = async (opts: JwtAuthOptions, message: RegExp) =>
    assert.rejects(() => createJwtAuthenticator(opts), message);

  it('names the field and the problem', async () => {
    const rsaPair = await generateKeyPair('RS256', { extractable: true });
    const ecPem = await exportSPKI(
      (await generateKeyPair('ES256', { extractable: true })).publicKey,
    );
    await fails(
      { algorithms: ['RS256'], publicKey: 'hello', audience: AUD },
      /^Error: auth\.publicKey must be a PEM public key/,
    );
    await fails(
      { algorithms: ['RS256'], publicKey: ecPem, audience: AUD },
      /auth\.publicKey is a P-256 key, but algorithms does not list ES256/,
    );
    await fails(
      { algorithms: ['ES256'], publicKey: await exportSPKI(rsaPair.publicKey), audience: AUD },
      /auth\.publicKey is an RSA key, but algorithms does not list RS256/,
    );
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    await fails(
      { algorithms: ['RS256'], publicKey: String(small), audience: AUD },
      /1024-bit RSA key; RS256 needs 2048 bits/,
    );
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    await fails(
      { algorithms: ['ES256'], publicKey: String(ed), audience: AUD },
      /must be an RSA \(RS256\) or P-256 \(ES256\) public key/,
    );
    await fails(
      { algorithms: ['RS256'], publicKeyFile: join(dir, 'missing.pem'), audience: AUD },
      /auth\.publicKeyFile: cannot read .*missing\.pem \(ENOENT\)/,
    );
    await fails(
      { algorithms: ['RS256'], jwksFile: join(dir, 'missing.json'), audience: AUD },
      /auth\.jwksFile: cannot read .*\(ENOENT\)/,
    );
    const write = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };
    await fails(
      { algorithms: ['RS256'], jwksFile: await write('bad.json', '{'), audience: AUD },
      /auth\.jwksFile: .*bad\.json is not JSON/,
    );
    await fails(
      { algorithms: ['RS256'], jwksFile: await write('empty.json', '{"keys":[]}'), audience: AUD },
      /must be a JWKS, \{"keys": \[\.\.\.\]\} with at least one key/,
    );
    const priv = { ...(await exportJWK(rsaPair.privateKey)), kid: 'k' };
    await fails(
      {
        algorithms: ['RS256'],
        jwksFile: await write('private.json', JSON.stringify({ keys: [priv] })),
        audience: AUD,
      },
      /auth\.jwksFile: keys\[0\] is a private or secret key; the file holds public keys only/,
    );
    await fails({ algorithms: ['HS256'], audience: AUD }, /auth\.secret is required for HS256/);
    const pemFile = await write('rsa.pem', await exportSPKI(rsaPair.publicKey));
    const auth: Authenticator = await createJwtAuthenticator({
      algorithms: ['RS256'],
      publicKeyFile: pemFile,
      audience: AUD,
    });
    assert.equal(typeof auth, 'function');
  });
});

describe('parseJwtAuthConfig', () => {
  const base = { type: 'jwt', algorithms: ['HS256'], secret: SECRET, audience: AUD };
  const parse = (raw: unknown, env: Record<string, string> = {}) =>
    parseJwtAuthConfig(raw, 'auth', { env, baseDir: '/etc/runsight' });
  const mistake = (raw: unknown, message: string, env: Record<string, string> = {}) =>
    assert.throws(
      () => parse(raw, env),
      (e: Error) => {
        assert.equal(e.message, message);
        return true;
      },
    );

  it('reads a complete section', () => {
    assert.deepEqual(
      parse({
        type: 'jwt',
        algorithms: ['RS256', 'ES256'],
        jwksFile: 'keys/jwks.json',
        issuer: ['https://a.example', 'https://b.example'],
        audience: 'runsight',
        clockToleranceS: 10,
        scopeClaim: 'rs',
        nameClaim: 'email',
      }),
      {
        algorithms: ['RS256', 'ES256'],
        jwksFile: '/etc/runsight/keys/jwks.json',
        issuer: ['https://a.example', 'https://b.example'],
        audience: 'runsight',
        clockToleranceS: 10,
        scopeClaim: 'rs',
        nameClaim: 'email',
      },
    );
    assert.deepEqual(
      parse({ ...base, secret: undefined, secretEnv: 'RS_SECRET' }, { RS_SECRET: SECRET }),
      {
        algorithms: ['HS256'],
        secret: SECRET,
        audience: AUD,
      },
    );
    assert.equal(
      parse({ ...base, algorithms: ['RS256'], secret: undefined, publicKeyFile: '/k.pem' })
        .publicKeyFile,
      '/k.pem',
    );
  });

  it('names the field of each mistake', () => {
    mistake(null, 'auth must be an object');
    mistake(
      { ...base, audiance: 'x' },
      'auth.audiance is not a setting of JWT auth (type, algorithms, secret, secretEnv, publicKey, publicKeyFile, jwksFile, issuer, audience, clockToleranceS, scopeClaim, nameClaim)',
    );
    mistake({ ...base, type: 'tokens' }, 'auth.type must be "jwt"');
    mistake(
      { ...base, algorithms: [] },
      'auth.algorithms must be a non-empty array of HS256, RS256, ES256',
    );
    mistake(
      { ...base, algorithms: 'HS256' },
      'auth.algorithms must be a non-empty array of HS256, RS256, ES256',
    );
    mistake(
      { ...base, algorithms: ['HS256', 'none'] },
      'auth.algorithms[1] must be one of HS256, RS256, ES256 (got "none")',
    );
    mistake({ ...base, algorithms: ['HS256', 'HS256'] }, 'auth.algorithms[1] repeats HS256');
    mistake({ ...base, secret: undefined }, 'auth.secretEnv (or secret) is required for HS256');
    mistake({ ...base, secretEnv: 'X' }, 'auth: give secret or secretEnv, not both');
    mistake({ ...base, secret: 'short' }, 'auth.secret must be at least 32 bytes long (HS256)');
    mistake({ ...base, secret: 42 }, 'auth.secret must be a string');
    mistake(
      { ...base, secret: undefined, secretEnv: 'RS_SECRET' },
      'the environment variable RS_SECRET (auth.secretEnv) is not set',
    );
    mistake(
      { ...base, secret: undefined, secretEnv: 'RS_SECRET' },
      'the environment variable RS_SECRET (auth.secretEnv) must be at least 32 bytes long (HS256)',
      { RS_SECRET: 'short' },
    );
    mistake(
      { ...base, secret: undefined, secretEnv: '' },
      'auth.secretEnv must be the name of an environment variable',
    );
    mistake(
      { ...base, algorithms: ['RS256'] },
      'auth.secret is only for HS256, which algorithms does not list',
    );
    mistake(
      { ...base, algorithms: ['RS256'], secret: undefined, secretEnv: 'X' },
      'auth.secretEnv is only for HS256, which algorithms does not list',
    );
    mistake(
      { ...base, algorithms: ['RS256'], secret: undefined },
      'auth: RS256/ES256 need publicKey, publicKeyFile or jwksFile',
    );
    mistake(
      { ...base, jwksFile: 'k.json' },
      'auth.jwksFile is only for RS256/ES256, which algorithms does not list',
    );
    mistake(
      {
        ...base,
        algorithms: ['ES256'],
        secret: undefined,
        jwksFile: 'k.json',
        publicKeyFile: 'k.pem',
      },
      'auth: give one of publicKey, publicKeyFile, jwksFile (got publicKeyFile, jwksFile)',
    );
    mistake(
      { ...base, algorithms: ['ES256'], secret: undefined, jwksFile: '' },
      'auth.jwksFile must be a non-empty string',
    );
    mistake(
      { ...base, audience: undefined },
      'auth.audience is required (the aud your application signs for Runsight)',
    );
    mistake({ ...base, audience: 5 }, 'auth.audience must be a string or an array of strings');
    mistake({ ...base, audience: [] }, 'auth.audience must be a string or an array of strings');
    mistake(
      { ...base, audience: ['a', ''] },
      'auth.audience must be a string or an array of strings',
    );
    mistake(
      { ...base, issuer: { iss: 'a' } },
      'auth.issuer must be a string or an array of strings',
    );
    mistake(
      { ...base, clockToleranceS: -1 },
      'auth.clockToleranceS must be a number of seconds from 0 to 300',
    );
    mistake(
      { ...base, clockToleranceS: '30' },
      'auth.clockToleranceS must be a number of seconds from 0 to 300',
    );
    mistake(
      { ...base, clockToleranceS: 3600 },
      'auth.clockToleranceS must be a number of seconds from 0 to 300',
    );
    mistake({ ...base, scopeClaim: '' }, 'auth.scopeClaim must be a non-empty claim name');
    mistake({ ...base, nameClaim: 7 }, 'auth.nameClaim must be a non-empty claim name');
  });
});
