/**
 * The relations the server reads, named by configuration: ONE read path for both modes.
 *
 * - Own mode (the demo, `createServer()` without relations): the server's own tables, the runs
 *   through the view `runsight_runs` that migration 3 creates over them.
 * - Sidecar mode (`runsight-server --config …`): the host's views, read-only.
 *
 * Every relation follows a documented contract (docs/sidecar.md): the RUNS VIEW (one row per run,
 * the columns of {@link RUNS_VIEW_COLUMNS}), the optional EVENTS VIEW, and the optional
 * WORKSPACES and TENANTS views that say which workspaces and tenants exist. Relation names only
 * ever come from validated configuration and reach SQL quoted as identifiers; values are bind
 * parameters.
 */
import type { Queryable } from './db.js';

/** One column of a view contract: its name and the type family it must have. */
export interface ContractColumn {
  name: string;
  type: 'text' | 'timestamptz' | 'integer' | 'json';
  required: boolean;
}

const col = (name: string, type: ContractColumn['type'], required = false): ContractColumn => ({
  name,
  type,
  required,
});

/**
 * The runs view. Every column is selected by every run query, so all must exist; `required`
 * says which ones may never hold NULL (the contract's required wire fields).
 */
export const RUNS_VIEW_COLUMNS: readonly ContractColumn[] = [
  col('id', 'text', true),
  col('type', 'text', true),
  col('type_label', 'text'),
  col('workspace_id', 'text', true),
  col('tenant_id', 'text'),
  col('tenant_name', 'text'),
  col('status', 'text', true),
  col('outcome', 'text', true),
  col('created_at', 'timestamptz', true),
  col('started_at', 'timestamptz'),
  col('completed_at', 'timestamptz'),
  col('last_heartbeat_at', 'timestamptz'),
  col('progress_total', 'integer'),
  col('progress_processed', 'integer'),
  col('progress_succeeded', 'integer'),
  col('progress_failed', 'integer'),
  col('expected_by', 'timestamptz'),
  col('stale_after', 'timestamptz'),
  col('heartbeat_timeout_s', 'integer'),
  col('freshness_state', 'text'),
  col('freshness_evaluated_at', 'timestamptz'),
  col('reconciled_at', 'timestamptz'),
  col('reconcile_reason', 'text'),
  col('reconcile_previous_status', 'text'),
  col('initiator_name', 'text'),
  col('failure_reason_code', 'text'),
  col('failure_message', 'text'),
  col('context', 'json'),
];

/** The events view: stored events of a run (`id`, when present, orders events of one instant). */
export const EVENTS_VIEW_COLUMNS: readonly ContractColumn[] = [
  col('run_id', 'text', true),
  col('at', 'timestamptz', true),
  col('kind', 'text', true),
  col('message', 'text', true),
];

export const WORKSPACES_VIEW_COLUMNS: readonly ContractColumn[] = [col('id', 'text', true)];

export const TENANTS_VIEW_COLUMNS: readonly ContractColumn[] = [
  col('id', 'text', true),
  col('workspace_id', 'text', true),
];

/** The relations a server reads, each a quoted SQL name ({@link quoteRelation}). */
export interface Relations {
  runs: string;
  /** null: the detail shows the milestone events derived from the run only. */
  events: string | null;
  /** Whether the events relation has an `id` column (orders events of one instant). */
  eventsHaveId: boolean;
  /** null: a workspace exists when the runs view has a run in it. */
  workspaces: string | null;
  /** null: a tenant exists when the runs view has a run of it in the workspace. */
  tenants: string | null;
}

/** The server's own relations (migrations.ts). */
export const OWN_RELATIONS: Relations = {
  runs: '"runsight_runs"',
  events: '"run_events"',
  eventsHaveId: true,
  workspaces: '"workspaces"',
  tenants: '"tenants"',
};

/** A relation name as configured: `name` or `schema.name`, letters, digits, `_` and `$`. */
const PART = '[A-Za-z_][A-Za-z0-9_$]{0,62}';
export const RELATION_NAME_RE = new RegExp(`^${PART}(\\.${PART})?$`);

/**
 * `schema.name` → `"schema"."name"`. Names are taken literally (as quoted identifiers: case
 * matters, `Runs` is not `runs`). Throws on anything else: relation names come only from
 * validated configuration, never from a request.
 */
export function quoteRelation(name: string): string {
  if (!RELATION_NAME_RE.test(name))
    throw new Error(`invalid relation name ${JSON.stringify(name)}`);
  return name
    .split('.')
    .map((p) => `"${p}"`)
    .join('.');
}

/** The configured (unquoted) names of a sidecar's relations. */
export interface RelationNames {
  runs: string;
  events?: string | null;
  workspaces?: string | null;
  tenants?: string | null;
}

const FAMILIES: Record<ContractColumn['type'], RegExp> = {
  text: /^(text|character varying(\(\d+\))?|character(\(\d+\))?|name)$/,
  timestamptz: /^timestamp(\(\d\))? with time zone$/,
  integer: /^(integer|smallint|bigint)$/,
  json: /^jsonb?$/,
};

const TYPE_HINT: Record<ContractColumn['type'], string> = {
  text: 'text',
  timestamptz: 'timestamp with time zone',
  integer: 'integer',
  json: 'jsonb (or json)',
};

/** What is wrong with the configured relations: one sentence per problem, empty when none. */
export async function checkRelations(
  db: Queryable,
  names: RelationNames,
): Promise<{ problems: string[]; relations: Relations }> {
  const problems: string[] = [];
  const columnsOf = async (
    field: string,
    name: string,
    contract: readonly ContractColumn[],
  ): Promise<Map<string, string> | null> => {
    const quoted = quoteRelation(name);
    let found;
    try {
      found = await db.query<{ oid: number | null; readable: boolean | null }>(
        `SELECT to_regclass($1)::oid AS oid,
                CASE WHEN to_regclass($1) IS NULL THEN NULL
                     ELSE has_table_privilege(to_regclass($1), 'SELECT') END AS readable`,
        [quoted],
      );
    } catch (err) {
      // 42501: the name's schema exists but this role has no USAGE on it
      if ((err as { code?: unknown }).code !== '42501') throw err;
      const schema = name.includes('.') ? name.slice(0, name.indexOf('.')) : 'its schema';
      problems.push(
        `relations.${field}: this role may not use the schema of ${name}: GRANT USAGE ON SCHEMA ${schema}`,
      );
      return null;
    }
    const row = found.rows[0];
    if (row === undefined || row.oid === null) {
      problems.push(`relations.${field}: the relation ${name} does not exist`);
      return null;
    }
    if (row.readable !== true) {
      problems.push(`relations.${field}: this role may not read ${name}: GRANT SELECT ON ${name}`);
      return null;
    }
    const res = await db.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
      [quoted],
    );
    const cols = new Map(res.rows.map((r) => [r.name, r.type]));
    for (const c of contract) {
      const type = cols.get(c.name);
      if (type === undefined) {
        problems.push(`relations.${field}: ${name} has no column ${c.name} (${TYPE_HINT[c.type]})`);
      } else if (!FAMILIES[c.type].test(type)) {
        problems.push(
          `relations.${field}: ${name}.${c.name} is ${type}; it must be ${TYPE_HINT[c.type]}`,
        );
      }
    }
    return cols;
  };

  await columnsOf('runs', names.runs, RUNS_VIEW_COLUMNS);
  let eventsHaveId = false;
  if (names.events) {
    const cols = await columnsOf('events', names.events, EVENTS_VIEW_COLUMNS);
    eventsHaveId = cols?.has('id') ?? false;
  }
  if (names.workspaces) await columnsOf('workspaces', names.workspaces, WORKSPACES_VIEW_COLUMNS);
  if (names.tenants) await columnsOf('tenants', names.tenants, TENANTS_VIEW_COLUMNS);
  return {
    problems,
    relations: {
      runs: quoteRelation(names.runs),
      events: names.events ? quoteRelation(names.events) : null,
      eventsHaveId,
      workspaces: names.workspaces ? quoteRelation(names.workspaces) : null,
      tenants: names.tenants ? quoteRelation(names.tenants) : null,
    },
  };
}
