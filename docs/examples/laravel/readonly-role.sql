-- The sidecar's role: it may read the three views, nothing else. The views read the tables with
-- their owner's rights, so the role needs no privilege on the tables themselves.
CREATE ROLE runsight_reader LOGIN PASSWORD 'change-me';
GRANT USAGE ON SCHEMA runsight TO runsight_reader;
GRANT SELECT ON runsight.runs, runsight.workspaces, runsight.tenants TO runsight_reader;
-- belt and braces: every transaction of this role is read-only
ALTER ROLE runsight_reader SET default_transaction_read_only = on;
