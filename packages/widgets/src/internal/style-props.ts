/**
 * `styleProps`: dynamic inline styles through the CSSOM only (`element.style.setProperty`), so
 * they work under a strict Content Security Policy (`style-src 'self'`, no 'unsafe-inline').
 *
 * lit's `styleMap` writes its first value as a `style` attribute, which such a policy blocks
 * (lit/lit#4719): `<ops-list>`'s rows all stood at one offset and progress bars lost their fill.
 * This directive never writes the attribute. It sets a property only when its value changed and
 * removes the properties a later render leaves out. Names are CSS names (`top`, `--ratio`).
 */
import { noChange, type AttributePart } from 'lit';
import {
  Directive,
  directive,
  PartType,
  type DirectiveResult,
  type PartInfo,
} from 'lit/directive.js';

export type StyleProps = Readonly<Record<string, string>>;

class StylePropsDirective extends Directive {
  #previous = new Map<string, string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE || info.name !== 'style') {
      throw new Error(
        'styleProps() belongs in a style attribute binding: style=${styleProps({…})}',
      );
    }
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [props]: [StyleProps]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const name of this.#previous.keys()) {
      if (!Object.hasOwn(props, name)) style.removeProperty(name);
    }
    const next = new Map<string, string>();
    for (const [name, value] of Object.entries(props)) {
      if (this.#previous.get(name) !== value) style.setProperty(name, value);
      next.set(name, value);
    }
    this.#previous = next;
    return noChange;
  }
}

/** Sets CSS properties on the bound element through the CSSOM (never a `style` attribute). */
export const styleProps: (props: StyleProps) => DirectiveResult<typeof StylePropsDirective> =
  directive(StylePropsDirective);
