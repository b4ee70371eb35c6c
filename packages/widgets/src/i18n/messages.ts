/**
 * The one message catalog of @runsight/widgets. Every string a person reads comes from here.
 * English (`en`) is the source; German (`de`) must have exactly the same keys and parameters.
 *
 * Badge labels (`badge.*`) in English are the exact labels of the specification's badge catalog.
 */
import { BADGES, GUIDANCE, type BadgeKey } from '@runsight/active-state';
import { ERROR_MESSAGES, type ApiErrorKind } from '@runsight/api-client';
import type { cardsEn } from './cards.messages.js';
import type { opsListEn } from './ops-list.messages.js';
import type { progressEn } from './progress.messages.js';
import type { runAgeEn } from './run-age.messages.js';
import type { runDetailEn } from './run-detail.messages.js';

/** Languages the catalog ships. Any other locale falls back to English. */
export type SupportedLanguage = 'en' | 'de';

/**
 * English strings that active-state already defines for the specification (badge labels,
 * compact guidance, headlines): the catalog takes them from there instead of repeating them.
 */
const fromSpec = <P extends string, K extends string>(
  prefix: P,
  entries: Readonly<Record<K, string>>,
): Record<`${P}${K}`, string> =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [prefix + k, v])) as Record<
    `${P}${K}`,
    string
  >;

/**
 * Badge labels and compact guidance in English: the specification's own (active-state); error
 * messages by kind: the api-client's (one English wording for the same error).
 */
export const specEn = {
  // --- badges (exact English labels of the spec) ---
  ...fromSpec(
    'badge.',
    Object.fromEntries(Object.entries(BADGES).map(([k, b]) => [k, b.label])) as Record<
      BadgeKey,
      string
    >,
  ),
  // --- guidance (compact copy, keyed by GuidanceKey) ---
  ...fromSpec('guidance.', GUIDANCE),
  // --- errors (keyed by ApiErrorKind): the api-client's own English messages ---
  ...fromSpec('error.', ERROR_MESSAGES),
};

export const coreEn = {
  // --- errors beyond the kinds ---
  'error.not_found_run': 'Operation not found, or you do not have access to it.',
  'error.unknown': 'Something went wrong while loading operations.',
  'error.retry': 'Retry',
  'error.retrying': 'Retrying…',
  'error.earlier_data': 'Showing the last data that loaded.',

  // --- common states ---
  'state.loading': 'Loading operations…',
  'state.outdated': (p: { time: string; relative: string }) =>
    `Data as of ${p.time}, ${p.relative} — reconnecting…`,
  'state.invalid_rows': (p: { count: number }) =>
    p.count === 1
      ? '1 row could not be read and is not shown.'
      : `${p.count} rows could not be read and are not shown.`,
  'state.out_of_scope_rows': (p: { count: number }) =>
    p.count === 1
      ? '1 operation outside this view was left out.'
      : `${p.count} operations outside this view were left out.`,
  'state.missing_attribute': (p: { element: string; attribute: string }) =>
    `<${p.element}> needs a "${p.attribute}" attribute to show anything.`,
  'state.announce_stale': (p: { operation: string; tenant: string | null }) =>
    p.tenant
      ? `${p.operation} for ${p.tenant} turned likely stale`
      : `${p.operation} turned likely stale`,
  'state.announce_stale_many': (p: { count: number }) =>
    `${p.count} operations turned likely stale`,

  // --- run copy ---
  'run.workspace': 'Workspace',
} as const;

const en = { ...specEn, ...coreEn };

/**
 * Every message: the core (above, used by all five elements) and the sections only some elements
 * use (`headline.*` and the cards' keys: cards.messages.ts, `list.*`: ops-list.messages.ts,
 * `detail.*`: run-detail.messages.ts). The sections ship
 * with their element (see `catalogWith`), so a page without <ops-list> does not load its copy.
 */
type Catalog = typeof en &
  typeof cardsEn &
  typeof progressEn &
  typeof runAgeEn &
  typeof opsListEn &
  typeof runDetailEn;
export type MessageKey = keyof Catalog;
/** The parameters a message takes: `[]` for plain strings, `[params]` for functions. */
export type MessageParams<K extends MessageKey> = Catalog[K] extends (p: infer P) => string
  ? [P]
  : [];
/** A catalog with exactly the English keys and parameter shapes. */
export type Messages = {
  readonly [K in MessageKey]: Catalog[K] extends string ? string : Catalog[K];
};

/**
 * An element's own English messages (see `catalogWith`); their German is part of the German
 * catalog, loaded with it.
 */
export type MessageSection = object;

/**
 * The catalogs by language, as far as loaded: the English core ships with every element (each
 * element adds its own English section); German is one module with every key (`messages.de.ts`),
 * loaded the first time an element resolves German (`loadLanguage`), so a page that shows no
 * German downloads none of it.
 */
const core: Partial<Record<SupportedLanguage, object>> = { en };
const loading = new Map<SupportedLanguage, Promise<void>>();

/**
 * Loads the core messages of `language` once; `undefined` when they are there already. The
 * promise never rejects: a language that cannot be loaded (offline) stays English.
 */
export function loadLanguage(language: SupportedLanguage): Promise<void> | undefined {
  if (core[language]) return undefined;
  let done = loading.get(language);
  if (!done) {
    done = import('./messages.de.js').then(
      ({ de }) => {
        core.de = de;
      },
      (error: unknown) => console.error('Runsight: the German messages failed to load.', error),
    );
    loading.set(language, done);
  }
  return done;
}

const merged = new WeakMap<object, Messages>();

/**
 * The catalog an element reads: German when `language` is German and loaded (every key, see
 * `loadLanguage`); otherwise the English core plus the element's own English `section` (cards,
 * progress, ops-list, run-detail), merged once per section. The whole catalog, with every
 * section, is `catalogs` (i18n/catalogs.ts).
 */
export function catalogWith(language: SupportedLanguage, section: MessageSection = {}): Messages {
  const german = language === 'de' ? core.de : undefined;
  if (german) return german as Messages;
  let catalog = merged.get(section);
  if (!catalog) merged.set(section, (catalog = { ...en, ...section } as Messages));
  return catalog;
}

/**
 * The supported language for a BCP 47 tag: `de-AT` → `de`; anything unsupported → `en`.
 */
export function languageOf(locale: string | null | undefined): SupportedLanguage {
  const lang = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return lang === 'de' ? 'de' : 'en';
}

/** Looks up one message in a catalog, applying its parameters. */
export function translate<K extends MessageKey>(
  catalog: Messages,
  key: K,
  ...params: MessageParams<K>
): string {
  const entry: unknown = catalog[key];
  if (typeof entry === 'function') {
    return (entry as (p: unknown) => string)(params[0]);
  }
  return String(entry);
}

/** Message for an api-client error kind (`not_found` of a single run has its own wording). */
export function errorMessage(
  catalog: Messages,
  kind: ApiErrorKind | undefined,
  subject: 'list' | 'run' = 'list',
): string {
  switch (kind) {
    case undefined:
      return catalog['error.unknown'];
    case 'not_found':
      return subject === 'run' ? catalog['error.not_found_run'] : catalog['error.not_found'];
    default:
      return catalog[`error.${kind}`];
  }
}
