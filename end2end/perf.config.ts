import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The board's timing script (scripts/bench-board): a server seeded with
// 10,000 open deals, measured in Debian's chromium. Not part of the
// ordinary test run.
export default defineConfig({
  ...base,
  testDir: './perf',
  globalSetup: './global-setup.ts',
  timeout: 120_000,
});
