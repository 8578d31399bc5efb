import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // kernels compile on first use and training tests run real steps on 2 cores
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // one worker per core; the gpu.js webasm backend is itself single-threaded per kernel call
    maxWorkers: 2,
  },
});
