/**
 * RunsightElement: the base class of every Runsight element. The common properties (spec "Common
 * behaviour"), the resolved client, `runsight-error`, the clock, announcer and localize
 * controllers, and the wait for a language not loaded yet (`scheduleUpdate()`). What elements
 * render with it are functions of the element: `internal/view.ts` (a run's title, tenant, badge,
 * time, the status banners of its queries), `internal/links.ts` (checked links).
 * Subclasses derive their view in `willUpdate()` at `this.clock.now()`, render it, and call
 * `this.clock.scheduleAt(...)` in `updated()`.
 */
import { LitElement, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { ActiveState } from '@runsight/active-state';
import { sameApiError, type RunsightApiError, type RunsightClient } from '@runsight/api-client';
import { AnnouncerController } from '../controllers/announcer-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { QueryController, type QuerySource } from '../controllers/query-controller.js';
import { RunsightErrorEvent } from '../events.js';
import type { MessageKey, MessageParams, Messages, MessageSection } from '../i18n/messages.js';
import * as clients from '../internal/clients.js';
import type { DerivedRun } from '../internal/derive.js';
import type { LinkBuilder, LinkTarget } from '../internal/links.js';
import { renderNotice } from '../internal/render-parts.js';
import { runTitle } from '../internal/view.js';
import { sharedStyles, tokens } from '../styles/shared.styles.js';

/** Default poll interval, seconds. */
export const DEFAULT_POLL_INTERVAL_S = 30;

export type { LinkTarget };

/**
 * @cssprop --runsight-font - Font family.
 * @cssprop --runsight-font-size - Base font size (default 0.875rem).
 * @cssprop --runsight-radius - Corner radius of cards, banners and buttons.
 * @cssprop --runsight-spacing - Base spacing unit.
 * @cssprop --runsight-surface - The background each element paints: its card, or itself.
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
 * @fires {RunsightErrorEvent} runsight-error - A new error loading the element's data (`detail: {error}`).
 * @fires {RunsightNavigateEvent} runsight-navigate - Before following a link; cancelable (`detail: {href, target, runId?, filters?}`).
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

  /** The element's own messages on top of the core catalog (they ship with its module). */
  protected static messageSection?: MessageSection;

  /** The tag name, for messages (set by subclasses). */
  protected abstract readonly tagLabel: string;

  // --- controllers ---
  /** Server-corrected now, the next-change timer and the shared coarse tick. */
  protected readonly clock = new ClockController(this, () => this.resolvedClient);
  /** The polite live region. */
  protected readonly announcer = new AnnouncerController(this);
  /** Locale, catalog and messages. */
  readonly #l10n = new LocalizeController(this);
  /** The error last dispatched as `runsight-error` (until a query recovers). */
  #lastEmittedError: RunsightApiError | undefined;

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
   * Resolves the locale once per update and waits for a language not loaded yet (`loadLanguage`):
   * no render in English first, and `updateComplete` covers the wait.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = this.#l10n.update();
    if (!pending) return super.scheduleUpdate();
    // Resolved again after the wait: `locale` may have changed meanwhile.
    return pending.then(() => {
      void this.#l10n.update();
      return super.scheduleUpdate();
    });
  }

  // --- resolved values ---
  /** The client this element uses: `client`, else the page's shared client for `base-url`. */
  get resolvedClient(): RunsightClient {
    return this.client ?? clients.getSharedClient(this.baseUrl);
  }
  /** Key of the client for page-wide de-duplication (announcements). */
  protected get clientScope(): string {
    return clients.baseUrlKey(this.resolvedClient.baseUrl);
  }
  /** Poll interval in ms (0: off). Invalid values fall back to the default. */
  get pollIntervalMs(): number {
    const s = Number(this.pollInterval);
    if (!Number.isFinite(s) || s < 0) return DEFAULT_POLL_INTERVAL_S * 1000;
    return Math.round(s * 1000);
  }
  /** The locale of messages and `Intl` (see `LocalizeController`). */
  get resolvedLocale(): string {
    return this.#l10n.locale;
  }
  /** The message catalog of the resolved locale. */
  get messages(): Messages {
    return this.#l10n.messages;
  }
  /** One message in the element's locale. */
  t<K extends MessageKey>(key: K, ...params: MessageParams<K>): string {
    return this.#l10n.t(key, ...params);
  }
  /** The translated badge label of a derived state. */
  badgeLabel(state: ActiveState): string {
    return this.messages[`badge.${state.badge.key}`] ?? state.badge.label;
  }
  /** The translated compact guidance of a derived state. */
  guidanceText(state: ActiveState): string {
    return this.messages[`guidance.${state.guidanceKey}`] ?? state.guidance;
  }
  /** The link builder in effect. */
  get linkBuilder(): LinkBuilder {
    return this.links ?? clients.getDefaultLinkBuilder();
  }

  // --- public methods ---
  /** Dispatches `runsight-error` for a new error (not again for the same kind/status). */
  emitError(error: RunsightApiError): void {
    if (sameApiError(this.#lastEmittedError, error)) return;
    this.#lastEmittedError = error;
    this.dispatchEvent(new RunsightErrorEvent({ error }));
  }
  /** A query recovered: the next error is new again. */
  errorResolved(): void {
    this.#lastEmittedError = undefined;
  }

  // --- helpers for subclasses ---
  /** A query of this element (`QueryController`); `describe` gives null for nothing (yet). */
  protected createQuery<T>(describe: () => QuerySource<T> | null): QueryController<T> {
    return new QueryController<T>(this, describe);
  }
  /** The attributes that are required and missing (default: `workspace`). */
  protected missingAttributes(): string[] {
    return this.workspace ? [] : ['workspace'];
  }
  /** Announces runs turning likely stale (`tenantIdFallback`: a tenant without name by id). */
  protected announceStale(derived: readonly DerivedRun[], tenantIdFallback = false): void {
    this.announcer.announceStale(
      derived,
      this.clientScope,
      ({ run }) =>
        this.t('state.announce_stale', {
          operation: runTitle(run),
          tenant: tenantIdFallback ? run.tenantName || run.tenantId : run.tenantName,
        }),
      (count) => this.t('state.announce_stale_many', { count }),
    );
  }

  /** The message for missing required attributes, or `nothing`. */
  protected renderMissingAttributes(): TemplateResult | typeof nothing {
    const [attribute] = this.missingAttributes();
    if (!attribute) return nothing;
    const element = this.tagLabel;
    return renderNotice('missing', this.t('state.missing_attribute', { element, attribute }));
  }
}
