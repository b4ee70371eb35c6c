/**
 * The demo world (workspaces, tenants) and the operation types the simulator runs, with their
 * lifecycle policies at real-world scale (time scale 1). `policies.ts` scales them.
 */
import type { LifecyclePolicy } from '@runsight/active-state';
import type { Rng } from './rng.js';

export interface TenantDef {
  id: string;
  name: string;
}

export interface WorkspaceDef {
  id: string;
  name: string;
  tenants: TenantDef[];
}

export interface World {
  workspaces: WorkspaceDef[];
}

export const DEMO_WORLD: World = {
  workspaces: [
    {
      id: 'ws_1',
      name: 'Production',
      tenants: [
        { id: 't_1', name: 'Contoso' },
        { id: 't_2', name: 'Fabrikam' },
        { id: 't_3', name: 'Northwind' },
      ],
    },
    {
      id: 'ws_2',
      name: 'Staging',
      tenants: [
        { id: 't_4', name: 'Litware' },
        { id: 't_5', name: 'Tailspin' },
      ],
    },
  ],
};

export type ContextValues = Record<string, string | number | boolean>;

export interface OperationTypeDef {
  key: string;
  label: string;
  /** Lifecycle policy in real-world seconds (time scale 1). */
  policy: LifecyclePolicy;
  /** Range of item totals; null: indeterminate progress. */
  total: readonly [number, number] | null;
  context(rng: Rng): ContextValues;
}

const queued = { expectedAfterS: 120, staleAfterS: 900 };

export const OPERATION_TYPES: readonly OperationTypeDef[] = [
  {
    key: 'inventory.sync',
    label: 'Inventory sync',
    policy: { queued, running: { expectedAfterS: 600, staleAfterS: 1800, heartbeatTimeoutS: 300 } },
    total: [200, 2000],
    context: (rng) => ({
      source: rng.pick(['Microsoft Graph', 'Intune', 'Jamf Pro']),
      scope: rng.pick(['All devices', 'Corporate devices', 'Servers']),
      batch_size: rng.pick([50, 100, 250]),
      dry_run: false,
    }),
  },
  {
    key: 'backup.run',
    label: 'Backup',
    policy: { queued, running: { expectedAfterS: 800, staleAfterS: 1800, heartbeatTimeoutS: 300 } },
    total: [50, 400],
    context: (rng) => ({
      target: rng.pick(['Azure Blob (westeurope)', 'S3 (eu-central-1)', 'On-premises NAS']),
      retention_days: rng.pick([7, 30, 90]),
      incremental: rng.next() < 0.7,
    }),
  },
  {
    key: 'restore.run',
    label: 'Restore',
    policy: { queued, running: { expectedAfterS: 500, staleAfterS: 1500, heartbeatTimeoutS: 300 } },
    total: [20, 200],
    context: (rng) => ({
      snapshot: `snap-${rng.hex(6)}`,
      target: rng.pick(['Original location', 'Alternate location']),
      overwrite: rng.next() < 0.3,
    }),
  },
  {
    key: 'policy.compare',
    label: 'Policy compare',
    policy: { queued, running: { expectedAfterS: 400, staleAfterS: 1200, heartbeatTimeoutS: 300 } },
    total: null,
    context: (rng) => ({
      baseline: rng.pick(['CIS Level 1', 'CIS Level 2', 'Company baseline 2026']),
      policies: rng.int(12, 80),
    }),
  },
  {
    key: 'report.export',
    label: 'Report export',
    // No heartbeat timeout: a dead export goes likely stale only at its stale deadline.
    policy: {
      queued,
      running: { expectedAfterS: 400, staleAfterS: 1400, heartbeatTimeoutS: null },
    },
    total: [1000, 10000],
    context: (rng) => ({
      format: rng.pick(['xlsx', 'csv', 'pdf']),
      report: rng.pick(['Device compliance', 'License usage', 'Sign-in activity']),
    }),
  },
  {
    key: 'directory.sync',
    label: 'Directory sync',
    policy: { queued, running: { expectedAfterS: 600, staleAfterS: 1800, heartbeatTimeoutS: 300 } },
    total: [100, 5000],
    context: (rng) => ({
      directory: rng.pick(['Entra ID', 'Active Directory (corp.local)']),
      delta: rng.next() < 0.8,
    }),
  },
];

export const INITIATORS = [
  'Ana Admin',
  'Ben Ops',
  'Chloé Support',
  'Scheduler',
  'Scheduler',
  'Scheduler',
] as const;

export function typeDef(key: string): OperationTypeDef | undefined {
  return OPERATION_TYPES.find((t) => t.key === key);
}

export interface FailureDef {
  reasonCode: string;
  message: string;
}

export const FAILURES: Record<'failed' | 'blocked' | 'partially_succeeded', readonly FailureDef[]> =
  {
    failed: [
      {
        reasonCode: 'upstream_unavailable',
        message: 'The upstream API answered 503 repeatedly; gave up after 5 retries.',
      },
      { reasonCode: 'quota_exceeded', message: 'The storage quota of the target was exceeded.' },
      { reasonCode: 'auth_expired', message: 'The service credential expired during the run.' },
    ],
    blocked: [
      {
        reasonCode: 'permission_missing',
        message: 'The app registration lacks a permission this operation needs.',
      },
      {
        reasonCode: 'maintenance_window',
        message: 'Blocked by a maintenance window on the target.',
      },
    ],
    partially_succeeded: [
      { reasonCode: 'items_failed', message: 'Some items failed; see the progress counts.' },
    ],
  };
