/**
 * The sidecar's configuration file (`runsight-server --config runsight.config.json`, see
 * docs/sidecar.md): read, validated with zod, every mistake reported at once as one line naming
 * its field (`policies.byType["inventory.sync"].running.expectedAfterS must be a number > 0`).
 * The `auth` section of type `jwt` is validated by jwt.ts (`parseJwtAuthConfig`).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { LifecyclePolicies } from '@runsight/active-state';
import { z } from 'zod';
import type { TokenMap } from './auth.js';
import { parseJwtAuthConfig, type JwtAuthOptions } from './jwt.js';
import type { RateLimitOptions } from './rate-limit.js';
import { RELATION_NAME_RE, type RelationNames } from './relations.js';

export interface SidecarConfig {
  databaseUrl: string;
  /** The only mode a configuration file runs (the demo, without one, is the read-write mode). */
  readOnly: true;
  relations: RelationNames;
  policies: LifecyclePolicies;
  auth: { type: 'jwt'; options: JwtAuthOptions } | { type: 'tokens'; tokens: TokenMap };
  port: number;
  host: string;
  corsOrigins: '*' | string[];
  rateLimit: RateLimitOptions | false;
  /** Worker processes on one port (cluster.ts, docs/deployment.md); `WORKERS` overrides it. */
  workers: number | 'auto';
}

/** A configuration that cannot be used: one line per mistake. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const positive = 'must be a number > 0';
const seconds = z
  .number({ error: positive })
  .refine((n) => Number.isFinite(n) && n > 0, { error: positive });
const count = (min: number) =>
  z
    .number({ error: `must be an integer ≥ ${min}` })
    .refine((n) => Number.isSafeInteger(n) && n >= min, { error: `must be an integer ≥ ${min}` });
const text = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

const notBeforeExpected = {
  error: 'must not be less than expectedAfterS (a run is past expected before it is stale)',
  path: ['staleAfterS'],
};
const policy = z.strictObject(
  {
    queued: z
      .strictObject(
        { expectedAfterS: seconds, staleAfterS: seconds },
        { error: 'must be an object {expectedAfterS, staleAfterS}' },
      )
      .refine((p) => !(p.staleAfterS < p.expectedAfterS), notBeforeExpected),
    running: z
      .strictObject(
        {
          expectedAfterS: seconds,
          staleAfterS: seconds,
          heartbeatTimeoutS: z
            .union([seconds, z.null()], { error: `${positive}, or null (no heartbeat timeout)` })
            .optional(),
        },
        { error: 'must be an object {expectedAfterS, staleAfterS, heartbeatTimeoutS?}' },
      )
      .refine((p) => !(p.staleAfterS < p.expectedAfterS), notBeforeExpected),
  },
  { error: 'must be an object {queued, running}' },
);

const relationName = z.string({ error: 'must be a string' }).regex(RELATION_NAME_RE, {
  error: 'must be a relation name: name or schema.name (letters, digits, _ and $)',
});

const grant = z.union(
  [z.literal('*'), z.array(text, { error: 'must be "*" or a list of tenant ids' })],
  {
    error: 'must be "*" or a list of tenant ids',
  },
);

const schema = z.strictObject({
  database: z
    .strictObject(
      {
        url: z
          .string({ error: 'must be a string' })
          .regex(/^postgres(ql)?:\/\//, {
            error: 'must be a PostgreSQL connection string (postgres://…)',
          })
          .optional(),
        urlEnv: z
          .string({ error: 'must be a string' })
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' })
          .optional(),
      },
      { error: 'must be an object: {"url": …} or {"urlEnv": "NAME"}' },
    )
    .refine((d) => (d.url === undefined) !== (d.urlEnv === undefined), {
      error: 'needs exactly one of url and urlEnv',
    }),
  readOnly: z
    .literal(true, {
      error:
        'must be true: with a configuration file the server only reads (the demo, without --config, is the read-write mode)',
    })
    .optional(),
  relations: z.strictObject(
    {
      runs: relationName,
      events: relationName.optional(),
      workspaces: relationName.optional(),
      tenants: relationName.optional(),
    },
    { error: 'must be an object naming at least the runs view: {"runs": "schema.view"}' },
  ),
  policies: z
    .strictObject(
      {
        default: policy.optional(),
        byType: z.record(text, policy, { error: 'must be an object of type → policy' }).optional(),
      },
      { error: 'must be an object {default?, byType?}' },
    )
    .optional(),
  auth: z.looseObject(
    {
      type: z.enum(['jwt', 'tokens'], { error: 'must be "jwt" or "tokens"' }),
    },
    { error: 'must be an object with a type: "jwt" or "tokens"' },
  ),
  port: count(0)
    .refine((n) => n <= 65535, { error: 'must be an integer from 0 to 65535' })
    .optional(),
  host: text.optional(),
  workers: z
    .custom<number | 'auto'>(
      (v) => v === 'auto' || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 256),
      { error: 'must be "auto" or an integer from 1 to 256' },
    )
    .optional(),
  corsOrigins: z
    .union(
      [
        z.literal('*'),
        z.array(
          z.string().regex(/^https?:\/\/[^/\s]+$/, {
            error: 'must be an origin such as https://portal.example.com (no path)',
          }),
        ),
      ],
      { error: 'must be "*" or a list of origins' },
    )
    .optional(),
  rateLimit: z
    .union(
      [
        z.literal(false),
        z.strictObject({
          burst: count(1).optional(),
          perSecond: seconds.optional(),
          authFailureBurst: count(1).optional(),
          authFailurePerSecond: seconds.optional(),
        }),
      ],
      { error: 'must be false or {burst?, perSecond?, authFailureBurst?, authFailurePerSecond?}' },
    )
    .optional(),
});

const tokensSchema = z.strictObject({
  type: z.literal('tokens'),
  tokens: z.record(
    z.string().regex(/^\S+$/, { error: 'a token has no whitespace' }),
    z.strictObject(
      {
        name: text.optional(),
        workspaces: z.union([z.literal('*'), z.record(text, grant)], {
          error: 'must be "*" or an object of workspace → "*" | [tenant ids]',
        }),
      },
      { error: 'must be an object {name?, workspaces}' },
    ),
    { error: 'must be an object of token → {name?, workspaces}' },
  ),
});

/** `["a", "inventory.sync", 0]` → `a["inventory.sync"][0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
      out += out === '' ? key : `.${key}`;
    } else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${fieldPath([...path, key])} is not a setting`);
    }
    return [`${path.length === 0 ? 'the configuration' : fieldPath(path)} ${issue.message}`];
  });
}

export interface ConfigContext {
  /** Where `database.urlEnv` and `auth.secretEnv` are looked up. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Relative file names in the configuration resolve against it (the file's directory). */
  baseDir?: string;
}

/** Validates a parsed configuration file. Throws a {@link ConfigError} listing every mistake. */
export function parseSidecarConfig(raw: unknown, ctx: ConfigContext = {}): SidecarConfig {
  const env = ctx.env ?? process.env;
  const parsed = schema.safeParse(raw);
  const problems = parsed.success ? [] : problemsOf(parsed.error);
  const record = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  const rawConfig = record(raw);

  // checked even when another field is wrong: every mistake is reported at once
  let databaseUrl = '';
  const database = record(rawConfig?.database);
  if (typeof database?.url === 'string') databaseUrl = database.url;
  else if (typeof database?.urlEnv === 'string' && database.url === undefined) {
    databaseUrl = env[database.urlEnv] ?? '';
    if (databaseUrl === '') {
      problems.push(`database.urlEnv: the environment variable ${database.urlEnv} is not set`);
    } else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push(
        `database.urlEnv: ${database.urlEnv} must hold a PostgreSQL connection string (postgres://…)`,
      );
    }
  }

  let auth: SidecarConfig['auth'] | null = null;
  const rawAuth = record(rawConfig?.auth);
  if (rawAuth?.type === 'jwt') {
    try {
      auth = {
        type: 'jwt',
        options: parseJwtAuthConfig(rawAuth, 'auth', { env, baseDir: ctx.baseDir }),
      };
    } catch (err) {
      problems.push((err as Error).message);
    }
  } else if (rawAuth?.type === 'tokens') {
    const t = tokensSchema.safeParse(rawAuth);
    if (t.success) {
      const tokens: TokenMap = {};
      for (const [token, g] of Object.entries(t.data.tokens)) {
        tokens[token] = { name: g.name ?? 'token', workspaces: g.workspaces };
      }
      auth = { type: 'tokens', tokens };
    } else problems.push(...problemsOf(t.error, ['auth']));
  }
  if (!parsed.success || problems.length > 0 || auth === null) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    databaseUrl,
    readOnly: true,
    relations: c.relations,
    policies: c.policies ?? {},
    auth,
    port: c.port ?? 8080,
    host: c.host ?? '127.0.0.1',
    corsOrigins: c.corsOrigins ?? '*',
    rateLimit: c.rateLimit ?? {},
    workers: c.workers ?? 1,
  };
}

/** Reads and validates a configuration file (relative paths in it resolve against its folder). */
export async function loadSidecarConfig(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<SidecarConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `cannot read the configuration file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${file} is not valid JSON: ${(err as Error).message}`]);
  }
  return parseSidecarConfig(raw, { env, baseDir: dirname(resolve(file)) });
}
