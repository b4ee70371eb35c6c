/**
 * LocalizeController: an element's language. The resolved locale (`locale`, else the closest
 * `lang` crossing shadow roots, else the document's; a language the catalog does not ship falls
 * back to `en`), the catalog of that language with the element class's own `messageSection`
 * (`catalogWith`), and `t()`.
 *
 * No lifecycle (not added to the host): the locale is read when asked. Waiting for a lazily
 * loaded language before an update stays the host's `scheduleUpdate()` (see `RunsightElement`).
 */
import {
  catalogWith,
  languageOf,
  translate,
  type MessageKey,
  type MessageParams,
  type Messages,
  type MessageSection,
} from '../i18n/messages.js';

/** An element with a `locale` property whose class may carry a `messageSection`. */
export type LocalizeHost = HTMLElement & { locale?: string | undefined };

export class LocalizeController {
  private readonly host: LocalizeHost;

  constructor(host: LocalizeHost) {
    this.host = host;
  }

  /** The BCP 47 locale for messages and `Intl`. */
  get locale(): string {
    const tag =
      this.host.locale ||
      closestLang(this.host) ||
      globalThis.document?.documentElement.lang ||
      'en';
    try {
      const canonical = Intl.getCanonicalLocales(tag)[0] ?? 'en';
      const language = languageOf(canonical);
      return canonical.toLowerCase().startsWith(language) ? canonical : language;
    } catch {
      return 'en';
    }
  }

  /** The catalog of the locale's language: the core plus the host class's `messageSection`. */
  get messages(): Messages {
    const section = (this.host.constructor as { messageSection?: MessageSection }).messageSection;
    return catalogWith(languageOf(this.locale), section);
  }

  /** One message in the host's locale. */
  t<K extends MessageKey>(key: K, ...params: MessageParams<K>): string {
    return translate(this.messages, key, ...params);
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
