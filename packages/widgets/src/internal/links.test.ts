import { assert, expect } from '@open-wc/testing';
import { RunsightNavigateEvent } from '../events.js';
import { defaultLinkBuilder, handleLinkClick, safeHref } from './links.js';

describe('safeHref', () => {
  it('keeps absolute http(s) URLs, same-origin paths, queries and hashes', () => {
    for (const href of [
      'https://portal.example/ops?x=1',
      'http://localhost:8080/a',
      'HTTPS://EXAMPLE.COM',
      '/operations/run_1',
      '/',
      '/a:b',
      '?workspace=ws_1',
      '#/operations?workspace=ws_1&tenant=t_1',
      'https://cdn.example//path',
    ]) {
      assert.equal(safeHref(href), href, href);
    }
  });

  it('rejects what leaves the origin without a scheme, and page-relative paths', () => {
    for (const href of [
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' //evil.example',
      '\u0000//evil.example',
      'operations/run_1',
      './a:b',
      '../up',
      'evil.example',
    ]) {
      assert.isNull(safeHref(href), JSON.stringify(href));
    }
  });

  it('no accepted href resolves to another origin', () => {
    const base = 'https://portal.example/app/page';
    for (const href of ['/a', '/a//b', '?x=//y', '#//evil.example', '/%2F%2Fevil.example']) {
      const accepted = safeHref(href);
      assert.isNotNull(accepted, href);
      assert.equal(new URL(accepted as string, base).origin, 'https://portal.example', href);
    }
  });

  it('rejects every other scheme, obfuscated ones included', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://x/y',
      'mailto:a@b',
      'foo:bar',
      '',
      '   ',
    ]) {
      assert.isNull(safeHref(href), JSON.stringify(href));
    }
  });

  it('rejects non-strings', () => {
    assert.isNull(safeHref(undefined));
    assert.isNull(safeHref(null));
    assert.isNull(safeHref(42));
    assert.isNull(safeHref({ toString: () => 'https://x' }));
  });
});

describe('defaultLinkBuilder', () => {
  it('builds list links with filters, encoded', () => {
    assert.equal(
      defaultLinkBuilder.list({
        workspace: 'ws 1',
        tenant: 't&1',
        status: ['active'],
        freshness: ['likely_stale', 'past_expected'],
      }),
      '#/operations?workspace=ws%201&tenant=t%261&status=active&freshness=likely_stale,past_expected',
    );
    assert.equal(defaultLinkBuilder.list({ workspace: 'ws_1' }), '#/operations?workspace=ws_1');
  });

  it('carries problem, completed_since and sort, in the order of the contract', () => {
    assert.equal(
      defaultLinkBuilder.list({
        workspace: 'ws_1',
        tenant: 't_1',
        sort: 'attention',
        type: ['backup.run'],
        completedSince: '2026-11-28T12:00:00.000Z',
        problem: ['needs_attention'],
      }),
      '#/operations?workspace=ws_1&tenant=t_1&problem=needs_attention' +
        '&completed_since=2026-11-28T12:00:00.000Z&type=backup.run&sort=attention',
    );
    assert.equal(
      defaultLinkBuilder.list({
        workspace: 'ws_1',
        problem: ['terminal_follow_up', 'active_stale_attention'],
        completedSince: '',
        sort: 'newest',
      }),
      '#/operations?workspace=ws_1&problem=terminal_follow_up,active_stale_attention&sort=newest',
      'an empty instant is left out',
    );
  });

  it('lists: blanks and repeats dropped, items trimmed; instants keep readable colons', () => {
    assert.equal(
      defaultLinkBuilder.list({
        workspace: 'ws_1',
        status: [' active ', '', 'active'],
        completedSince: '2026-11-28T13:00:00+01:00',
      }),
      '#/operations?workspace=ws_1&status=active&completed_since=2026-11-28T13:00:00%2B01:00',
    );
  });

  it('escapes every value: nothing a value holds starts another parameter or leaves the hash', () => {
    const hostile = '&x=1#/evil?y=2,z';
    const href = defaultLinkBuilder.list({
      workspace: 'ws_1',
      problem: [hostile],
      completedSince: hostile,
      type: [hostile],
    });
    assert.equal(safeHref(href), href);
    const params = new URLSearchParams(href.slice(href.indexOf('?') + 1));
    assert.deepEqual([...params.keys()], ['workspace', 'problem', 'completed_since', 'type']);
    assert.equal(params.get('completed_since'), hostile);
    assert.equal(params.get('problem'), hostile);
    assert.equal(href.indexOf('#', 1), -1, 'one hash only');
  });

  it('builds run links with the id encoded', () => {
    assert.equal(
      defaultLinkBuilder.run('run/7?x#y', { workspace: 'ws_1', tenant: 't_1' }),
      '#/operations/run%2F7%3Fx%23y?workspace=ws_1&tenant=t_1',
    );
    assert.equal(
      defaultLinkBuilder.run('r', { workspace: 'ws_1', tenant: null }),
      '#/operations/r?workspace=ws_1',
    );
  });
});

describe('handleLinkClick', () => {
  const detail = { href: '#/x', target: 'run' as const, runId: 'r1' };

  function click(init: MouseEventInit): MouseEvent {
    return new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
  }

  it('dispatches a cancelable, bubbling, composed runsight-navigate and follows its verdict', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const seen: RunsightNavigateEvent[] = [];
    const listener = (e: RunsightNavigateEvent) => {
      seen.push(e);
      e.preventDefault();
    };
    document.addEventListener('runsight-navigate', listener);
    const ev = click({});
    handleLinkClick(host, ev, detail);
    document.removeEventListener('runsight-navigate', listener);
    host.remove();
    assert.lengthOf(seen, 1);
    const [nav] = seen;
    expect(nav).to.be.instanceOf(RunsightNavigateEvent);
    assert.isTrue(nav?.bubbles && nav.composed && nav.cancelable);
    assert.deepEqual(nav?.detail, detail);
    assert.isTrue(ev.defaultPrevented, 'the click is prevented when the event is cancelled');
  });

  it('lets the browser follow the href when nobody cancels', () => {
    const host = document.createElement('div');
    const ev = click({});
    handleLinkClick(host, ev, detail);
    assert.isFalse(ev.defaultPrevented);
  });

  it('ignores modified and middle clicks', () => {
    const host = document.createElement('div');
    let count = 0;
    host.addEventListener('runsight-navigate', () => count++);
    for (const init of [
      { ctrlKey: true },
      { metaKey: true },
      { shiftKey: true },
      { altKey: true },
      { button: 1 },
    ]) {
      handleLinkClick(host, click(init), detail);
    }
    assert.equal(count, 0);
  });
});
