/**
 * RunsightElement: the base class of every Runsight element.
 *
 * Common attributes/properties (spec "Common behaviour"), the resolved client (shared per base
 * URL), locale and message lookup, links (builder + `safeHref` + navigate event), error events,
 * the clock and announcer controllers, and the shared status templates (missing attribute,
 * skeleton, error + Retry, outdated marker, invalid rows).
 *
 * Subclasses: compute their view model in `willUpdate()` at `this.clock.now()` (derivation +
 * announcements), render it in `render()`, and call `this.clock.scheduleAt(...)` in `updated()`.
 */
import { html, LitElement, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { ActiveState, OperationRun } from '@runsight/active-state';
import { sameApiError, type RunsightApiError, type RunsightClient } from '@runsight/api-client';
import { AnnouncerController } from '../controllers/announcer-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { QueryController, type QuerySource } from '../controllers/query-controller.js';
import { RunsightErrorEvent, type RunsightNavigateDetail } from '../events.js';
import {
  catalogWith,
  errorMessage,
  loadLanguage,
  languageOf,
  translate,
  type MessageKey,
  type MessageParams,
  type Messages,
  type MessageSection,
} from '../i18n/messages.js';
import { baseUrlKey, getDefaultLinkBuilder, getSharedClient } from '../internal/clients.js';
import type { DerivedRun } from '../internal/derive.js';
import { formatDateTime, formatRelative, formatTime } from '../internal/format.js';
import {
  handleLinkClick,
  safeHref,
  type LinkBuilder,
  type ListFilters,
} from '../internal/links.js';
import {
  renderBadge,
  renderError,
  renderInvalidRows,
  renderMissing,
  renderOutdated,
  renderSkeleton,
} from '../internal/render-parts.js';
import { sharedStyles, tokens } from '../styles/shared.styles.js';

/** Default poll interval, seconds. */
export const DEFAULT_POLL_INTERVAL_S = 30;

/** A checked link: `href` passed `safeHref`; the rest is the navigate event's detail. */
export type LinkTarget = RunsightNavigateDetail;

/**
 * @cssprop --runsight-font - Font family.
 * @cssprop --runsight-font-size - Base font size (default 0.875rem).
 * @cssprop --runsight-radius - Corner radius of cards, banners and buttons.
 * @cssprop --runsight-spacing - Base spacing unit.
 * @cssprop --runsight-surface - Card background.
 * @cssprop --runsight-surface-muted - Muted background (skeleton, hovers).
 * @cssprop --runsight-text - Text colour.
 * @cssprop --runsight-text-muted - Secondary text colour.
 * @cssprop --runsight-border - Border colour.
 * @cssprop --runsight-link - Link colour.
 * @cssprop --runsight-focus - Focus ring colour.
 * @cssprop --runsight-info-fg - Info tone foreground (queued, running).
 * @cssprop --runsight-info-bg - Info tone background.
 * @cssprop --runsight-success-fg - Success tone foreground.
 * @cssprop --runsight-success-bg - Success tone background.
 * @cssprop --runsight-warning-fg - Warning tone foreground (past expected, partial, blocked).
 * @cssprop --runsight-warning-bg - Warning tone background.
 * @cssprop --runsight-danger-fg - Danger tone foreground (likely stale, failed, reconciled).
 * @cssprop --runsight-danger-bg - Danger tone background.
 * @cssprop --runsight-neutral-fg - Neutral tone foreground (cancelled, completed, unknown).
 * @cssprop --runsight-neutral-bg - Neutral tone background.
 *
 * @fires runsight-error - A new error loading the element's data (`detail: {error}`).
 * @fires runsight-navigate - Before following a link; cancelable (`detail: {href, target, runId?, filters?}`).
 */
export abstract class RunsightElement extends LitElement {
  static override styles = [tokens, sharedStyles];

  /** Reactive properties and their attributes (the field declarations below carry the docs). */
  static override properties: PropertyDeclarations = {
    baseUrl: { attribute: 'base-url' },
    workspace: { reflect: true },
    tenant: { reflect: true },
    pollInterval: { attribute: 'poll-interval', type: Number },
    locale: {},
    client: { attribute: false },
    links: { attribute: false },
  };

  /**
   * The element's own messages on top of the core catalog (ops-list's `list.*`, run-detail's
   * `detail.*`): they ship with the element's module, not with every page.
   */
  protected static messageSection?: MessageSection;

  /** The tag name, for messages (set by subclasses). */
  protected abstract readonly tagLabel: string;

  // --- controllers ---
  /** Server-corrected now, the next-change timer and the shared coarse tick. */
  protected readonly clock = new ClockController(this, () => this.resolvedClient);
  /** The polite live region. */
  protected readonly announcer = new AnnouncerController(this);

  private lastEmittedError: RunsightApiError | undefined;

  // --- properties ---
  /** Base URL of the Runsight API (default `/api`). Ignored when `client` is set. */
  baseUrl?: string;

  /** Workspace id (required). */
  workspace?: string;

  /** Tenant id, where the element is tenant-scoped. */
  tenant?: string;

  /** Poll interval in seconds; 0 turns polling off (default 30). */
  pollInterval: number = DEFAULT_POLL_INTERVAL_S;

  /** BCP 47 locale (default: the closest `lang`, then the document's; `en` fallback). */
  locale?: string;

  /** An api-client instance (host auth, fetch wrapper, headers). Overrides `base-url`. */
  client?: RunsightClient;

  /** The link builder (default: hash routes `#/operations…`, or `setDefaultLinkBuilder()`). */
  links?: LinkBuilder;

  // --- lifecycle ---
  /**
   * Waits for the messages of the element's language before an update when they are not loaded
   * yet (German is a module of its own, fetched once per page; see `loadLanguage`): the element
   * never renders in English first and then switches, and `updateComplete` covers the wait.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = loadLanguage(languageOf(this.resolvedLocale));
    if (!pending) return super.scheduleUpdate();
    return pending.then(() => super.scheduleUpdate());
  }

  // --- resolved values ---
  /** The client this element uses: `client`, else the page's shared client for `base-url`. */
  get resolvedClient(): RunsightClient {
    return this.client ?? getSharedClient(this.baseUrl);
  }

  /** Key of the client for page-wide de-duplication (announcements). */
  protected get clientScope(): string {
    return baseUrlKey(this.resolvedClient.baseUrl);
  }

  /** Poll interval in ms (0: off). Invalid values fall back to the default. */
  get pollIntervalMs(): number {
    const s = Number(this.pollInterval);
    if (!Number.isFinite(s) || s < 0) return DEFAULT_POLL_INTERVAL_S * 1000;
    return Math.round(s * 1000);
  }

  /**
   * The locale used for messages and `Intl`: `locale`, else the closest `lang` (crossing shadow
   * roots), else the document's; a language the catalog does not ship falls back to `en`.
   */
  get resolvedLocale(): string {
    const tag =
      this.locale || closestLang(this) || globalThis.document?.documentElement.lang || 'en';
    let canonical: string;
    try {
      canonical = Intl.getCanonicalLocales(tag)[0] ?? 'en';
    } catch {
      return 'en';
    }
    const language = languageOf(canonical);
    return canonical.toLowerCase().startsWith(language) ? canonical : language;
  }

  /** The message catalog of the resolved locale. */
  get messages(): Messages {
    return catalogWith(
      languageOf(this.resolvedLocale),
      (this.constructor as typeof RunsightElement).messageSection,
    );
  }

  /** One message in the element's locale. */
  t<K extends MessageKey>(key: K, ...params: MessageParams<K>): string {
    return translate(this.messages, key, ...params);
  }

  /**
   * Announces the runs that turned likely stale while on screen ("Inventory sync for Contoso
   * turned likely stale"; see AnnouncerController). The tenant is named by its name, or with
   * `tenantIdFallback` by its id when it has no name.
   */
  protected announceStale(derived: readonly DerivedRun[], tenantIdFallback = false): void {
    this.announcer.announceStale(
      derived,
      this.clientScope,
      ({ run }) =>
        this.t('state.announce_stale', {
          operation: this.runTitle(run),
          tenant: tenantIdFallback ? run.tenantName || run.tenantId : run.tenantName,
        }),
      (count) => this.t('state.announce_stale_many', { count }),
    );
  }

  /** The translated badge label of a derived state. */
  badgeLabel(state: ActiveState): string {
    const label: string | undefined = this.messages[`badge.${state.badge.key}`];
    return label ?? state.badge.label;
  }

  /** The translated compact guidance of a derived state. */
  guidanceText(state: ActiveState): string {
    const text: string | undefined = this.messages[`guidance.${state.guidanceKey}`];
    return text ?? state.guidance;
  }

  /** The link builder in effect. */
  get linkBuilder(): LinkBuilder {
    return this.links ?? getDefaultLinkBuilder();
  }

  // --- public methods ---
  /**
   * Dispatches `runsight-error` for a new error: not again for the same kind/status while it
   * lasts (an element with two failing queries reports the outage once).
   */
  emitError(error: RunsightApiError): void {
    if (sameApiError(this.lastEmittedError, error)) return;
    this.lastEmittedError = error;
    this.dispatchEvent(new RunsightErrorEvent({ error }));
  }

  /** A query recovered: the next error is new again. */
  errorResolved(): void {
    this.lastEmittedError = undefined;
  }

  // --- helpers for subclasses ---
  /**
   * A query of this element (a `QueryController`: shared store subscription, polling, abort on
   * disconnect, outdated marker). `describe` says what to fetch, or null for nothing (yet).
   */
  protected createQuery<T>(describe: () => QuerySource<T> | null): QueryController<T> {
    return new QueryController<T>(this, describe);
  }

  /** The attributes that are required and missing (default: `workspace`). */
  protected missingAttributes(): string[] {
    return this.workspace ? [] : ['workspace'];
  }

  /** A checked link to a run, or null when the builder fails or returns an unsafe href. */
  protected runLink(run: Pick<OperationRun, 'id' | 'tenantId'>): LinkTarget | null {
    const workspace = this.workspace ?? '';
    let raw: unknown;
    try {
      raw = this.linkBuilder.run(run.id, { workspace, tenant: run.tenantId });
    } catch {
      return null;
    }
    const href = safeHref(raw);
    return href === null ? null : { href, target: 'run', runId: run.id };
  }

  /** A checked link to the operations list with `filters` (workspace is added). */
  protected listLink(filters: Omit<ListFilters, 'workspace'>): LinkTarget | null {
    const full: ListFilters = { workspace: this.workspace ?? '', ...filters };
    let raw: unknown;
    try {
      raw = this.linkBuilder.list(full);
    } catch {
      return null;
    }
    const href = safeHref(raw);
    return href === null ? null : { href, target: 'list', filters: full };
  }

  /**
   * A real `<a href>` (middle-click, copy link) that dispatches `runsight-navigate` on a plain
   * click; without a safe href, the content is rendered as plain text.
   */
  protected renderLink(
    target: LinkTarget | null,
    content: unknown,
    options: { label?: string; className?: string } = {},
  ): TemplateResult {
    if (!target) return html`<span class=${options.className ?? nothing}>${content}</span>`;
    return html`<a
      part="link"
      class=${options.className ?? nothing}
      href=${target.href}
      aria-label=${options.label ?? nothing}
      @click=${(e: MouseEvent) => handleLinkClick(this, e, target)}
      >${content}</a
    >`;
  }

  /** A run's human title: the backend's type label, else its type key. */
  protected runTitle(run: OperationRun): string {
    return run.typeLabel || run.type;
  }

  /** A run's tenant for people: its name, else its id, else "Workspace" (tenantless run). */
  protected tenantLabel(run: OperationRun): string {
    return run.tenantName || run.tenantId || this.t('run.workspace');
  }

  /** The badge of a derived run (text + icon, `part="badge"`). */
  protected renderRunBadge(d: DerivedRun): TemplateResult {
    return renderBadge(d.state, this.badgeLabel(d.state));
  }

  /** A `<time>` element with the full date as its title. */
  protected renderTime(date: Date, text: string): TemplateResult {
    const valid = !Number.isNaN(date.getTime());
    return valid
      ? html`<time datetime=${date.toISOString()} title=${formatDateTime(date, this.resolvedLocale)}
          >${text}</time
        >`
      : html`<span>${text}</span>`;
  }

  /** The message for missing required attributes, or `nothing`. */
  protected renderMissingAttributes(): TemplateResult | typeof nothing {
    const [first] = this.missingAttributes();
    if (!first) return nothing;
    return renderMissing(
      this.t('state.missing_attribute', { element: this.tagLabel, attribute: first }),
    );
  }

  /** The loading skeleton. */
  protected renderLoading(lines = 4): TemplateResult {
    return renderSkeleton(this.t('state.loading'), lines);
  }

  /**
   * Status banners of a query, in order: error (with Retry; notes that earlier data stays),
   * outdated marker, invalid-rows notice, out-of-scope notice. `invalidRows` comes from the data's
   * meta; rows outside the scope are counted by the queries (the most any one left out, as the
   * queries of one element overlap) plus `outOfScopeRows` of pages fetched outside them.
   */
  protected renderQueryStatus(
    queries: readonly QueryController<unknown>[],
    options: { invalidRows?: number; outOfScopeRows?: number; subject?: 'list' | 'run' } = {},
  ): TemplateResult {
    const now = this.clock.now();
    const failing = queries.find((q) => q.error !== undefined);
    const hasData = queries.every((q) => q.data !== undefined);
    const outdated = queries.find((q) => q.outdated);
    const parts: TemplateResult[] = [];
    if (failing?.error) {
      const error = failing.error;
      parts.push(
        renderError({
          message: errorMessage(this.messages, error.kind, options.subject),
          retryLabel: failing.fetching ? this.t('error.retrying') : this.t('error.retry'),
          earlierDataNote: hasData ? this.t('error.earlier_data') : undefined,
          busy: failing.fetching,
          offline: error.kind === 'network',
          onRetry: () => {
            for (const q of queries) if (q.error) void q.retry();
          },
        }),
      );
    }
    if (outdated) {
      const asOf = oldestSuccess(queries);
      if (asOf !== null) {
        parts.push(
          renderOutdated(
            this.t('state.outdated', {
              time: formatTime(asOf, this.resolvedLocale, now),
              relative: formatRelative(asOf, now, this.resolvedLocale),
            }),
          ),
        );
      }
    }
    if (options.invalidRows && options.invalidRows > 0) {
      parts.push(renderInvalidRows(this.t('state.invalid_rows', { count: options.invalidRows })));
    }
    const outOfScope =
      Math.max(0, ...queries.map((q) => q.outOfScope)) + (options.outOfScopeRows ?? 0);
    if (outOfScope > 0) {
      parts.push(
        renderInvalidRows(this.t('state.out_of_scope_rows', { count: outOfScope }), 'out-of-scope'),
      );
    }
    return html`${parts}`;
  }
}

function oldestSuccess(queries: readonly QueryController<unknown>[]): number | null {
  let oldest: number | null = null;
  for (const q of queries) {
    const t = q.snapshot?.lastSuccessServerTime ?? null;
    if (t !== null && (oldest === null || t < oldest)) oldest = t;
  }
  return oldest;
}

function closestLang(start: Node): string | null {
  let node: Node | null = start;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return null;
}
