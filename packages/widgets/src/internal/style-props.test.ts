import { assert, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { styleProps, type StyleProps } from './style-props.js';

describe('styleProps', () => {
  const view = (props: StyleProps) => html`<div style=${styleProps(props)}></div>`;

  it('sets CSS properties through the CSSOM, never as a style attribute string', async () => {
    const host = await fixture<HTMLElement>(html`<section></section>`);
    const setAttribute = Element.prototype.setAttribute;
    const written: string[] = [];
    Element.prototype.setAttribute = function (name: string, value: string) {
      written.push(name);
      return setAttribute.call(this, name, value);
    };
    try {
      render(view({ top: '120px', '--ratio': '0.25' }), host);
    } finally {
      Element.prototype.setAttribute = setAttribute;
    }
    const div = host.querySelector('div') as HTMLDivElement;
    assert.notInclude(written, 'style');
    assert.equal(div.style.top, '120px');
    assert.equal(div.style.getPropertyValue('--ratio'), '0.25');
  });

  it('updates changed values and removes properties a later render leaves out', async () => {
    const host = await fixture<HTMLElement>(html`<section></section>`);
    render(view({ top: '0px', height: '10px' }), host);
    const div = host.querySelector('div') as HTMLDivElement;
    render(view({ top: '36px' }), host);
    assert.equal(div.style.top, '36px');
    assert.equal(div.style.height, '');
  });

  it('refuses any binding but a style attribute', () => {
    const host = document.createElement('section');
    assert.throws(
      () => render(html`<div title=${styleProps({ top: '0' })}></div>`, host),
      /style attribute/,
    );
  });
});
