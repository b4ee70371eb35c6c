/**
 * Styles that stay cheap to recalculate. A property that is not inherited but declared `inherit`
 * (the old `*, *::before, *::after { box-sizing: inherit }`) keeps every element it applies to out
 * of Blink's matched-properties cache and restyles all of an element's children whenever the
 * element restyles: `<ops-list>` spent 4–37 ms per scroll step in style recalculation with it,
 * about 1 ms without (docs/benchmarks.md).
 */
import { assert } from '@open-wc/testing';
import type { CSSResultOrNative, LitElement } from 'lit';
import { RUNSIGHT_TAGS } from '../testing/tags.js';
import '../all.define.js';

/** Properties that inherit anyway (and every `font-*` longhand): `inherit` on them costs nothing. */
const INHERITED = new Set([
  'color',
  'cursor',
  'letter-spacing',
  'line-height',
  'text-align',
  'visibility',
  'white-space',
  'word-break',
]);

function sheetOf(style: CSSResultOrNative): CSSStyleSheet | undefined {
  return style instanceof CSSStyleSheet ? style : style.styleSheet;
}

/** Only `::before` / `::after` boxes (no children to restyle; e.g. a bar's rounded fill). */
const onlyPseudo = (selector: string): boolean =>
  selector.split(',').every((s) => /::(before|after)$/.test(s.trim()));

/**
 * `selector { property }` of each declaration whose value is `inherit`, nested rules included
 * (rules that style pseudo-elements only are left out).
 */
function explicitInherits(rules: CSSRuleList): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule && !onlyPseudo(rule.selectorText)) {
      for (const property of rule.style) {
        if (rule.style.getPropertyValue(property).trim() === 'inherit') {
          out.push(`${rule.selectorText} { ${property} }`);
        }
      }
    }
    if ('cssRules' in rule) out.push(...explicitInherits((rule as CSSGroupingRule).cssRules));
  }
  return out;
}

describe('styles', () => {
  for (const tag of RUNSIGHT_TAGS) {
    it(`<${tag}> declares no non-inherited property as inherit`, () => {
      const ctor = customElements.get(tag) as typeof LitElement | undefined;
      assert.exists(ctor, `${tag} is defined`);
      const found = (ctor?.elementStyles ?? [])
        .flatMap((style) => {
          const sheet = sheetOf(style);
          return sheet ? explicitInherits(sheet.cssRules) : [];
        })
        .filter((d) => {
          const property = /\{ (\S+) \}$/.exec(d)?.[1] ?? '';
          return !property.startsWith('font') && !INHERITED.has(property);
        });
      assert.deepEqual(found, []);
    });
  }
});
