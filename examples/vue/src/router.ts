import { createRouter, createWebHistory } from 'vue-router';
import Operations from './views/Operations.vue';
import Run from './views/Run.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/operations' },
    { path: '/operations', component: Operations },
    { path: '/operations/:runId', component: Run, props: true },
  ],
});
