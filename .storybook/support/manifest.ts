// custom-elements.json lists every class member the analyzer saw, private state and inherited
// helpers included. The docs pages show the public API only: attributes, settable public
// properties without an attribute (`client`, `links`, `runs`), events, parts, CSS properties.

interface Member {
  kind?: string;
  name: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
}

interface Manifest {
  modules?: { declarations?: { members?: Member[] }[] }[];
}

const isPublicProperty = (m: Member): boolean =>
  m.kind === 'field' &&
  !m.static &&
  !m.readonly &&
  (m.privacy ?? 'public') === 'public' &&
  !m.name.startsWith('_') &&
  // Members with an attribute are documented in the attributes category already.
  m.attribute === undefined;

/** A copy of the manifest whose declarations keep only their public, settable properties. */
export function publicApi(manifest: unknown): unknown {
  const copy = structuredClone(manifest) as Manifest;
  for (const mod of copy.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (Array.isArray(declaration.members)) {
        declaration.members = declaration.members.filter(isPublicProperty);
      }
    }
  }
  return copy;
}
