import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The timing scripts, measured in Debian's chromium; not part of the
// ordinary test run. board-timing (scripts/bench-board): a server seeded
// with 10,000 open deals. gantt-compare (scripts/bench-gantt): a seeded
// project's Gantt against dhtmlx-gantt and frappe-gantt on the same plan.
// Without CAIRN_E2E_URL there is no server to wait for: the server-side
// tests skip and the library half of gantt-compare still runs.
export default defineConfig({
  ...base,
  testDir: './perf',
  globalSetup: process.env.CAIRN_E2E_URL ? './global-setup.ts' : undefined,
  timeout: 120_000,
});
