// Config of `cem analyze` (npm run analyze): the CLI flags in package.json choose the files; this
// plugin drops the nameless events the analyzer infers from `dispatchEvent(new RunsightXEvent())`
// (they are documented with @fires on each class).
export default {
  plugins: [
    {
      name: 'runsight-tidy-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};
