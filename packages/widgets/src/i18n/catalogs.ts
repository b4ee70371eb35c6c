/**
 * The whole message catalog by language: the core (messages.ts) with every element's own
 * section. Elements do not read it (each reads the core plus its own section, `catalogWith`);
 * it is for hosts, tests and stories that want every string.
 */
import { cardsEn } from './cards.messages.js';
import { de } from './messages.de.js';
import { coreEn, specEn, type Messages, type SupportedLanguage } from './messages.js';
import { opsListEn } from './ops-list.messages.js';
import { progressEn } from './progress.messages.js';
import { runAgeEn } from './run-age.messages.js';
import { runDetailEn } from './run-detail.messages.js';

/** All catalogs by language, every key of every element (German is one module with every key). */
export const catalogs: Readonly<Record<SupportedLanguage, Messages>> = {
  en: {
    ...specEn,
    ...coreEn,
    ...cardsEn,
    ...progressEn,
    ...runAgeEn,
    ...opsListEn,
    ...runDetailEn,
  } as Messages,
  de,
};
