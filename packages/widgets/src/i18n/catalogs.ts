/**
 * The whole message catalog by language: the core (messages.ts) with every element's own
 * section. Elements do not read it (each reads the core plus its own section, `catalogWith`);
 * it is for hosts, tests and stories that want every string.
 */
import { cardsDe, cardsEn } from './cards.messages.js';
import { de } from './messages.de.js';
import { coreEn, specEn, type Messages, type SupportedLanguage } from './messages.js';
import { opsListDe, opsListEn } from './ops-list.messages.js';
import { progressDe, progressEn } from './progress.messages.js';
import { runDetailDe, runDetailEn } from './run-detail.messages.js';

/** All catalogs by language, every key of every element. */
export const catalogs: Readonly<Record<SupportedLanguage, Messages>> = {
  en: { ...specEn, ...coreEn, ...cardsEn, ...progressEn, ...opsListEn, ...runDetailEn } as Messages,
  de: { ...de, ...cardsDe, ...progressDe, ...opsListDe, ...runDetailDe } as Messages,
};
