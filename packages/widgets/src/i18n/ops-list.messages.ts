/**
 * Messages of <ops-list>: part of the ONE catalog (i18n/messages.ts spreads them in).
 * Owned by the ops-list author: add keys to `opsListEn` (as const) and the same keys to `opsListDe`
 * (tsc fails on a missing or extra key). Prefix keys: 'list.…'.
 */
import type { Translation } from './catalog-types.js';

export const opsListEn = {} as const;

export const opsListDe: Translation<typeof opsListEn> = {};
