import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { isRunsightElement } from '@runsight/widgets/vue';

// Vue leaves the five tags to the browser. `npm run dev` proxies /api to the reference server
// of `npm start` at the repository's root.
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: isRunsightElement } } })],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
