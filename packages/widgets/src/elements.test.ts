/**
 * The shared suites, run for every element from one list (`RUNSIGHT_TAGS`): the common behaviour
 * for all five, the card behaviour for the three cards. Each element is rendered here the way the
 * suites expect (workspace ws_1, tenant t_1 where it applies); its own behaviour is tested beside it.
 */
import { html } from 'lit';
import {
  describeCardBehaviour,
  describeCommonBehaviour,
  type SuiteAttrs,
  type SuiteConfig,
} from './testing/element-suite.js';
import { RUNSIGHT_TAGS } from './testing/tags.js';
import { LIST_ORIGIN_KEY } from './ops-list/ops-list.js';
import './all.define.js';

type RunsightTag = (typeof RUNSIGHT_TAGS)[number];

const workspace = (a: SuiteAttrs) => (a.noWorkspace ? '' : 'ws_1');

const CONFIGS: { [T in RunsightTag]: Omit<SuiteConfig, 'tag'> } = {
  'tenant-activity': {
    render: (a) =>
      html`<tenant-activity
        workspace=${workspace(a)}
        tenant="t_1"
        lang=${a.lang ?? 'en'}
        poll-interval=${a.pollInterval ?? 30}
        .client=${a.client}
        .links=${a.links}
      ></tenant-activity>`,
    shows: { kind: 'runs', tenantScoped: true, emptyText: 'No operations yet.' },
  },
  'active-run-progress': {
    render: (a) =>
      html`<active-run-progress
        workspace=${workspace(a)}
        tenant="t_1"
        lang=${a.lang ?? 'en'}
        poll-interval=${a.pollInterval ?? 30}
        max-visible="10"
        show-empty
        .client=${a.client}
        .links=${a.links}
      ></active-run-progress>`,
    shows: { kind: 'runs', tenantScoped: true, emptyText: 'No active operations' },
  },
  'workspace-recent-ops': {
    render: (a) =>
      html`<workspace-recent-ops
        workspace=${workspace(a)}
        limit="10"
        lang=${a.lang ?? 'en'}
        poll-interval=${a.pollInterval ?? 30}
        .client=${a.client}
        .links=${a.links}
      ></workspace-recent-ops>`,
    shows: { kind: 'runs', tenantScoped: false, emptyText: 'No operations yet.' },
  },
  'ops-list': {
    render: (a) =>
      html`<ops-list
        workspace=${workspace(a)}
        tenant="t_1"
        lang=${a.lang ?? 'en'}
        poll-interval=${a.pollInterval ?? 30}
        .client=${a.client}
        .links=${a.links}
      ></ops-list>`,
    shows: { kind: 'runs', tenantScoped: true, emptyText: 'No operations match these filters.' },
  },
  'run-detail': {
    render: (a) =>
      html`<run-detail
        workspace=${workspace(a)}
        run-id=${a.runId ?? ''}
        lang=${a.lang ?? 'en'}
        poll-interval=${a.pollInterval ?? 30}
        .client=${a.client}
        .links=${a.links}
      ></run-detail>`,
    shows: { kind: 'run' },
  },
};

const CARDS = [
  'tenant-activity',
  'active-run-progress',
  'workspace-recent-ops',
] as const satisfies readonly RunsightTag[];

// A row link clicked in <ops-list> remembers its list for <run-detail>'s back link.
afterEach(() => sessionStorage.removeItem(LIST_ORIGIN_KEY));

for (const tag of RUNSIGHT_TAGS) describeCommonBehaviour({ tag, ...CONFIGS[tag] });
for (const tag of CARDS) describeCardBehaviour({ tag, render: CONFIGS[tag].render });
