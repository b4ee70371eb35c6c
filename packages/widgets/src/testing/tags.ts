/** The five Runsight tags, for tests and stories that go through every element. */
export const RUNSIGHT_TAGS = [
  'tenant-activity',
  'active-run-progress',
  'workspace-recent-ops',
  'ops-list',
  'run-detail',
] as const;
