// Prints the closing "N passed, N failed, N skipped" line CI reads, and, when
// DSAR_TEST_SUMMARY_FILE is set, writes the counts there for .ci/run to check.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      total: results.numTotalTests,
      failedSuites: results.numFailedTestSuites,
      suitesFailedToRun: results.numRuntimeErrorTestSuites,
    };
    process.stdout.write(`\n${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
    if (process.env.DSAR_TEST_SUMMARY_FILE) writeFileSync(process.env.DSAR_TEST_SUMMARY_FILE, JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
