#!/usr/bin/env node
// The verilab command. Packages ship TypeScript source (no build step), so register tsx's
// loader before importing the entry point.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
