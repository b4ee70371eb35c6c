/** Ids of workspaces, tenants, runs and operation types: letters, digits, `_ . : -`. */
export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
