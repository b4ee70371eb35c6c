/**
 * LocalizeController: an element's language. The resolved locale (`locale`, else the closest
 * `lang` crossing shadow roots, else the document's; a language the catalog does not ship falls
 * back to `en`), the catalog of that language with the element class's own `messageSection`
 * (`catalogWith`), and `t()`.
 *
 * The locale is resolved once per update, not per message: the host calls `update()` before each
 * update (an ancestor's `lang` may have changed; see `RunsightElement.scheduleUpdate()`, which
 * also waits there for a language that is not loaded yet), and the cache is dropped when the host
 * is connected (another tree, another `lang`) or its `locale` property changes. `t()`, `locale`
 * and `messages` read the cache.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  catalogWith,
  languageOf,
  loadLanguage,
  translate,
  type MessageKey,
  type MessageParams,
  type Messages,
  type MessageSection,
} from '../i18n/messages.js';

/** An element with a `locale` property whose class may carry a `messageSection`. */
export type LocalizeHost = ReactiveControllerHost & HTMLElement & { locale?: string | undefined };

export class LocalizeController implements ReactiveController {
  readonly #host: LocalizeHost;
  /** The resolved locale (undefined: resolve when next asked) … */
  #locale: string | undefined;
  /** … for this value of the host's `locale` property. */
  #property: string | undefined;
  /** The catalog of `#locale` (undefined: look up when next asked). */
  #messages: Messages | undefined;

  constructor(host: LocalizeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#locale = undefined;
  }

  /**
   * Resolves the locale again (the host calls it once per update, before `willUpdate()`);
   * returns the load of its language when that is not loaded yet (see `loadLanguage`).
   */
  update(): Promise<void> | undefined {
    this.#locale = undefined;
    return loadLanguage(languageOf(this.locale));
  }

  /** The BCP 47 locale for messages and `Intl`. */
  get locale(): string {
    const property = this.#host.locale;
    if (this.#locale === undefined || property !== this.#property) {
      this.#property = property;
      this.#locale = resolveLocale(this.#host);
      this.#messages = undefined;
    }
    return this.#locale;
  }

  /** The catalog of the locale's language: the core plus the host class's `messageSection`. */
  get messages(): Messages {
    const locale = this.locale; // first: a new locale drops the cached catalog
    const host = this.#host.constructor as { messageSection?: MessageSection };
    return (this.#messages ??= catalogWith(languageOf(locale), host.messageSection));
  }

  /** One message in the host's locale. */
  t<K extends MessageKey>(key: K, ...params: MessageParams<K>): string {
    return translate(this.messages, key, ...params);
  }
}

/** The locale of `host`: its `locale`, else the closest `lang`, else the document's, else `en`. */
function resolveLocale(host: LocalizeHost): string {
  const tag = host.locale || closestLang(host) || globalThis.document?.documentElement.lang || 'en';
  try {
    const canonical = Intl.getCanonicalLocales(tag)[0] ?? 'en';
    const language = languageOf(canonical);
    return canonical.toLowerCase().startsWith(language) ? canonical : language;
  } catch {
    return 'en';
  }
}

/**
 * The `lang` of the closest element that has one, crossing shadow roots to their hosts. Only a
 * shadow root has a `host` Node (a detached `<a>` at the top of its tree has a string one, which
 * ends the walk as well).
 */
function closestLang(start: Node): string | null {
  for (
    let node: Node | undefined = start;
    node;
    node = node.parentNode ?? (node as ShadowRoot).host
  ) {
    const lang = (node as Element).getAttribute?.('lang');
    if (lang) return lang;
  }
  return null;
}
