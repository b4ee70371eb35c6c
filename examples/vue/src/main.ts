import '@runsight/widgets/all.define.js'; // registers the five tags, before the app mounts
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';

createApp(App).use(router).mount('#app');
