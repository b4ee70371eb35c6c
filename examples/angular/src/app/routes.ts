import type { Routes } from '@angular/router';
import { Operations } from './operations';
import { Run } from './run';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'operations' },
  { path: 'operations', component: Operations },
  { path: 'operations/:runId', component: Run },
];
