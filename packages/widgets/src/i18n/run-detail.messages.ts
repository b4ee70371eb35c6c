/**
 * Messages of <run-detail>: part of the ONE catalog (i18n/messages.ts spreads them in).
 * Owned by the run-detail author: add keys to `runDetailEn` (as const) and the same keys to `runDetailDe`
 * (tsc fails on a missing or extra key). Prefix keys: 'detail.…'.
 */
import type { Translation } from './catalog-types.js';

export const runDetailEn = {} as const;

export const runDetailDe: Translation<typeof runDetailEn> = {};
