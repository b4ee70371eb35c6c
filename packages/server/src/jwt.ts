/**
 * Sign-in with the host application's own tokens: JSON Web Tokens verified with `jose`.
 *
 * - HS256 with a shared secret, RS256/ES256 with a PEM public key or a JWKS file (read once at
 *   start; nothing is fetched over the network);
 * - the signature, `exp` (required), `nbf`, `iss` and `aud`, with a small clock tolerance;
 * - the scope claim (default `runsight`) says what the caller may see, in the token map's shape:
 *   `{"workspaces": "*"}` or `{"workspaces": {"ws_1": "*", "ws_2": ["t_1", "t_2"]}}`.
 *
 * A token that fails any of it authenticates no one (401 `invalid_token`); the verifier never
 * throws for a bad token. Configuration mistakes throw at start, naming the field.
 */
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createLocalJWKSet,
  importSPKI,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Authenticator, UserGrant, WorkspaceGrant } from './auth.js';

export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export const DEFAULT_CLOCK_TOLERANCE_S = 30;
export const MAX_CLOCK_TOLERANCE_S = 300;
export const DEFAULT_SCOPE_CLAIM = 'runsight';
export const DEFAULT_NAME_CLAIM = 'name';
/** An HS256 secret has at least 256 bits (RFC 7518, 3.2). */
export const MIN_SECRET_BYTES = 32;

export interface JwtAuthOptions {
  /** The algorithms accepted; any other `alg` (and `none`) is rejected. */
  algorithms: JwtAlgorithm[];
  /** HS256: the shared secret (its UTF-8 bytes). */
  secret?: string;
  /** RS256/ES256: a PEM public key (`-----BEGIN PUBLIC KEY-----`, SPKI). */
  publicKey?: string;
  /** RS256/ES256: a file holding the PEM public key, read at start. */
  publicKeyFile?: string;
  /** RS256/ES256: a JWKS file (`{"keys": [...]}`, public keys only), read at start. */
  jwksFile?: string;
  /** Accepted `iss` values; unset: `iss` is not checked. */
  issuer?: string | string[];
  /** Accepted `aud` values (required: a token minted for another service is refused). */
  audience: string | string[];
  /** Leeway for `exp` and `nbf`, seconds. Default 30. */
  clockToleranceS?: number;
  /** The claim holding the scope. Default `runsight`. */
  scopeClaim?: string;
  /** The claim holding the display name (logs); falls back to `sub`. Default `name`. */
  nameClaim?: string;
}

const CONFIG_KEYS = [
  'type',
  'algorithms',
  'secret',
  'secretEnv',
  'publicKey',
  'publicKeyFile',
  'jwksFile',
  'issuer',
  'audience',
  'clockToleranceS',
  'scopeClaim',
  'nameClaim',
] as const;

export interface JwtConfigContext {
  /** Where `secretEnv` is looked up. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Relative `publicKeyFile` / `jwksFile` paths resolve against it. Default the working directory. */
  baseDir?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function stringOrList(raw: Record<string, unknown>, key: string, where: string) {
  const v = raw[key];
  if (nonEmptyString(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.every(nonEmptyString)) return [...v];
  throw new Error(`${where}.${key} must be a string or an array of strings`);
}

/**
 * Checks the `auth` section of the configuration file (`{"type": "jwt", ...}`, camelCase keys as
 * in JwtAuthOptions, plus `secretEnv`: the name of the environment variable holding the HS256
 * secret) and returns the options. Throws an Error naming the field and what is wrong with it.
 */
export function parseJwtAuthConfig(
  raw: unknown,
  where: string,
  context: JwtConfigContext = {},
): JwtAuthOptions {
  if (!isRecord(raw)) throw new Error(`${where} must be an object`);
  for (const key of Object.keys(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw new Error(`${where}.${key} is not a setting of JWT auth (${CONFIG_KEYS.join(', ')})`);
    }
  }
  if (raw.type !== 'jwt') throw new Error(`${where}.type must be "jwt"`);

  const algs = raw.algorithms;
  if (!Array.isArray(algs) || algs.length === 0) {
    throw new Error(
      `${where}.algorithms must be a non-empty array of ${JWT_ALGORITHMS.join(', ')}`,
    );
  }
  const algorithms: JwtAlgorithm[] = [];
  for (const [i, alg] of algs.entries()) {
    if (!(JWT_ALGORITHMS as readonly unknown[]).includes(alg)) {
      throw new Error(
        `${where}.algorithms[${i}] must be one of ${JWT_ALGORITHMS.join(', ')} (got ${JSON.stringify(alg)})`,
      );
    }
    if (algorithms.includes(alg as JwtAlgorithm)) {
      throw new Error(`${where}.algorithms[${i}] repeats ${String(alg)}`);
    }
    algorithms.push(alg as JwtAlgorithm);
  }
  const hmac = algorithms.includes('HS256');
  const asymmetric = algorithms.some((a) => a !== 'HS256');
  if (raw.audience === undefined) {
    throw new Error(`${where}.audience is required (the aud your application signs for Runsight)`);
  }
  const opts: JwtAuthOptions = { algorithms, audience: stringOrList(raw, 'audience', where) };
  if (raw.issuer !== undefined) opts.issuer = stringOrList(raw, 'issuer', where);

  // HS256: the secret, inline or (better) from the environment
  if (raw.secret !== undefined && raw.secretEnv !== undefined) {
    throw new Error(`${where}: give secret or secretEnv, not both`);
  }
  if (raw.secret !== undefined || raw.secretEnv !== undefined) {
    if (!hmac) {
      const key = raw.secret !== undefined ? 'secret' : 'secretEnv';
      throw new Error(`${where}.${key} is only for HS256, which algorithms does not list`);
    }
    let secret: unknown = raw.secret;
    let field = `${where}.secret`;
    if (raw.secretEnv !== undefined) {
      if (!nonEmptyString(raw.secretEnv)) {
        throw new Error(`${where}.secretEnv must be the name of an environment variable`);
      }
      secret = (context.env ?? process.env)[raw.secretEnv];
      field = `the environment variable ${raw.secretEnv} (${where}.secretEnv)`;
      if (secret === undefined || secret === '') throw new Error(`${field} is not set`);
    }
    if (typeof secret !== 'string') throw new Error(`${field} must be a string`);
    if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
      throw new Error(`${field} must be at least ${MIN_SECRET_BYTES} bytes long (HS256)`);
    }
    opts.secret = secret;
  } else if (hmac) {
    throw new Error(`${where}.secretEnv (or secret) is required for HS256`);
  }

  // RS256 / ES256: exactly one source of public keys
  const keySources = (['publicKey', 'publicKeyFile', 'jwksFile'] as const).filter(
    (k) => raw[k] !== undefined,
  );
  if (keySources.length > 1) {
    throw new Error(
      `${where}: give one of publicKey, publicKeyFile, jwksFile (got ${keySources.join(', ')})`,
    );
  }
  const keySource = keySources[0];
  if (keySource !== undefined) {
    if (!asymmetric) {
      throw new Error(
        `${where}.${keySource} is only for RS256/ES256, which algorithms does not list`,
      );
    }
    const value = raw[keySource];
    if (!nonEmptyString(value)) throw new Error(`${where}.${keySource} must be a non-empty string`);
    if (keySource === 'publicKey') opts.publicKey = value;
    else opts[keySource] = resolve(context.baseDir ?? process.cwd(), value);
  } else if (asymmetric) {
    throw new Error(`${where}: RS256/ES256 need publicKey, publicKeyFile or jwksFile`);
  }

  if (raw.clockToleranceS !== undefined) {
    const t = raw.clockToleranceS;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > MAX_CLOCK_TOLERANCE_S) {
      throw new Error(
        `${where}.clockToleranceS must be a number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_S}`,
      );
    }
    opts.clockToleranceS = t;
  }
  for (const key of ['scopeClaim', 'nameClaim'] as const) {
    if (raw[key] === undefined) continue;
    const v = raw[key];
    if (!nonEmptyString(v)) throw new Error(`${where}.${key} must be a non-empty claim name`);
    opts[key] = v;
  }
  return opts;
}

/** The grant a scope claim gives, or null when the claim is missing or malformed. */
export function grantOfClaim(claim: unknown, name: string): UserGrant | null {
  if (!isRecord(claim)) return null;
  const { workspaces } = claim;
  if (workspaces === '*') return { name, workspaces: '*' };
  if (!isRecord(workspaces)) return null;
  const entries: [string, WorkspaceGrant][] = [];
  for (const [id, grant] of Object.entries(workspaces)) {
    if (grant === '*') entries.push([id, '*']);
    else if (Array.isArray(grant) && grant.every((t) => typeof t === 'string')) {
      entries.push([id, [...(grant as string[])]]);
    } else return null;
  }
  // own properties only (a workspace named like an Object.prototype member grants nothing more)
  return { name, workspaces: Object.fromEntries(entries) };
}

interface PublicKeys {
  rsa?: CryptoKey;
  ec?: CryptoKey;
}

/** The PEM public key checked against the algorithms and imported for each that can use it. */
async function importPem(
  pem: string,
  field: string,
  algorithms: JwtAlgorithm[],
): Promise<PublicKeys> {
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) {
    throw new Error(`${field} must be a PEM public key (-----BEGIN PUBLIC KEY-----)`);
  }
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(`${field} is not a readable PEM public key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType === 'rsa') {
    if (!algorithms.includes('RS256'))
      throw new Error(`${field} is an RSA key, but algorithms does not list RS256`);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048)
      throw new Error(`${field} is a ${bits}-bit RSA key; RS256 needs 2048 bits or more`);
    return { rsa: await importSPKI(pem, 'RS256') };
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    if (!algorithms.includes('ES256'))
      throw new Error(`${field} is a P-256 key, but algorithms does not list ES256`);
    return { ec: await importSPKI(pem, 'ES256') };
  }
  throw new Error(`${field} must be an RSA (RS256) or P-256 (ES256) public key`);
}

async function readJwks(path: string, field: string): Promise<JWTVerifyGetKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${field}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch {
    throw new Error(`${field}: ${path} is not JSON`);
  }
  if (!isRecord(jwks) || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw new Error(`${field}: ${path} must be a JWKS, {"keys": [...]} with at least one key`);
  }
  for (const [i, k] of jwks.keys.entries()) {
    if (!isRecord(k) || typeof k.kty !== 'string')
      throw new Error(`${field}: keys[${i}] has no kty`);
    if ('d' in k || k.kty === 'oct') {
      throw new Error(
        `${field}: keys[${i}] is a private or secret key; the file holds public keys only`,
      );
    }
  }
  try {
    return createLocalJWKSet(jwks as unknown as JSONWebKeySet);
  } catch (error) {
    throw new Error(`${field}: ${path} is not a valid JWKS (${(error as Error).message})`);
  }
}

export interface JwtAuthenticatorOptions {
  /** The current time, epoch ms (the server's Clock). Default `Date.now`. */
  now?: () => number;
  /** Where configuration errors say the options came from. Default `auth`. */
  where?: string;
}

/**
 * The Authenticator of the host's signed tokens. Reads key files now (throws, naming the field,
 * when one is missing or unusable); the returned function answers null for any bad token.
 */
export async function createJwtAuthenticator(
  opts: JwtAuthOptions,
  { now = Date.now, where = 'auth' }: JwtAuthenticatorOptions = {},
): Promise<Authenticator> {
  const algorithms = [...opts.algorithms];
  if (algorithms.length === 0) throw new Error(`${where}.algorithms is empty`);
  if (algorithms.includes('HS256') && opts.secret === undefined) {
    throw new Error(`${where}.secret is required for HS256`);
  }
  // imported once (jose would import raw secret bytes again for every token)
  const secret =
    opts.secret === undefined
      ? undefined
      : await crypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(opts.secret),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['verify'],
        );
  let keys: PublicKeys = {};
  let jwks: JWTVerifyGetKey | undefined;
  if (opts.jwksFile !== undefined) jwks = await readJwks(opts.jwksFile, `${where}.jwksFile`);
  else if (opts.publicKeyFile !== undefined) {
    let pem: string;
    try {
      pem = await readFile(opts.publicKeyFile, 'utf8');
    } catch (error) {
      throw new Error(
        `${where}.publicKeyFile: cannot read ${opts.publicKeyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    keys = await importPem(pem, `${where}.publicKeyFile`, algorithms);
  } else if (opts.publicKey !== undefined) {
    keys = await importPem(opts.publicKey, `${where}.publicKey`, algorithms);
  } else if (algorithms.some((a) => a !== 'HS256')) {
    throw new Error(`${where}: RS256/ES256 need publicKey, publicKeyFile or jwksFile`);
  }

  // The key for the token's (already allowed) algorithm: a secret only ever verifies HS256, a
  // public key only its own algorithm — no algorithm confusion.
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret !== undefined) return secret;
    if (jwks !== undefined) return jwks(header, token);
    const key = header.alg === 'RS256' ? keys.rsa : header.alg === 'ES256' ? keys.ec : undefined;
    if (key === undefined) throw new Error('no key for this algorithm');
    return key;
  };
  const scopeClaim = opts.scopeClaim ?? DEFAULT_SCOPE_CLAIM;
  const nameClaim = opts.nameClaim ?? DEFAULT_NAME_CLAIM;
  const clockTolerance = opts.clockToleranceS ?? DEFAULT_CLOCK_TOLERANCE_S;

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms,
        issuer: opts.issuer,
        audience: opts.audience,
        clockTolerance,
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
      }));
    } catch {
      return null;
    }
    const name = payload[nameClaim];
    return grantOfClaim(
      payload[scopeClaim],
      typeof name === 'string' ? name : typeof payload.sub === 'string' ? payload.sub : 'unnamed',
    );
  };
}
