export type * from './types.js';
export const VERSION = '0.1.0';
