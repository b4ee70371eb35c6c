/**
 * A run's texts for people, in an element's language: its title, its tenant, its badge label and
 * guidance (active-state's keys translated by the catalog) and the sentences that announce runs
 * turning likely stale. Every element shows them; `RunsightElement` delegates to these.
 */
import type { ActiveState, OperationRun } from '@runsight/active-state';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { Messages } from '../i18n/messages.js';
import type { DerivedRun } from './derive.js';

/** A run's human title: the backend's type label, else its type key. */
export function runTitle(run: OperationRun): string {
  return run.typeLabel || run.type;
}

/** A run's tenant for people: its name, else its id, else "Workspace" (tenantless run). */
export function tenantLabel(l: LocalizeController, run: OperationRun): string {
  return run.tenantName || run.tenantId || l.t('run.workspace');
}

/** The translated badge label of a derived state. */
export function badgeLabel(messages: Messages, state: ActiveState): string {
  return messages[`badge.${state.badge.key}`] ?? state.badge.label;
}

/** The translated compact guidance of a derived state. */
export function guidanceText(messages: Messages, state: ActiveState): string {
  return messages[`guidance.${state.guidanceKey}`] ?? state.guidance;
}

/**
 * The sentences of `AnnouncerController.announceStale`: "Inventory sync for Contoso turned likely
 * stale" for one run (the tenant by its name, or with `tenantIdFallback` by its id when it has
 * none), "3 operations turned likely stale" for several.
 */
export function staleAnnouncement(
  l: LocalizeController,
  tenantIdFallback: boolean,
): { one: (d: DerivedRun) => string; many: (count: number) => string } {
  return {
    one: ({ run }) =>
      l.t('state.announce_stale', {
        operation: runTitle(run),
        tenant: tenantIdFallback ? run.tenantName || run.tenantId : run.tenantName,
      }),
    many: (count) => l.t('state.announce_stale_many', { count }),
  };
}
