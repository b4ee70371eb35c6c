// Storybook for @runsight/widgets: every element, every state, against the real api-client and
// active-state with HTTP mocked by MSW. See docs/storybook.md.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../packages/widgets/src/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The MSW service worker (`npx msw init .storybook/public --no-save` after an msw upgrade).
  staticDirs: ['./public'],
  docs: { defaultName: 'Docs' },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      resolve: {
        // Workspace packages resolve to their TypeScript sources: no prebuild needed.
        conditions: ['source', ...defaultClientConditions],
      },
      // Reactive properties are Lit's `static properties`; class fields follow
      // `useDefineForClassFields: false` (tsconfig.base.json), so that Lit's reactive accessors are
      // not shadowed by class fields: oxc is told the same.
      oxc: {
        typescript: { removeClassFieldsWithoutInitializer: true },
        assumptions: { setPublicClassFields: true },
      },
      optimizeDeps: {
        include: ['lit', 'lit/directive-helpers.js'],
      },
      build: { chunkSizeWarningLimit: 4000 },
    });
  },
};

export default config;
