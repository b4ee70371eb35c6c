import '@runsight/widgets/all.define.js'; // registers the five tags, before the app mounts
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app');
if (location.pathname === '/') history.replaceState(null, '', '/operations');
mount(App, { target });
