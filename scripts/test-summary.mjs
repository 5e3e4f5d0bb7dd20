// Prints the plain closing line CI reads ("Tests: N passed, N failed") from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

const file = '.test-results.json';
if (existsSync(file)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
