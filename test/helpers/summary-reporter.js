// Prints the plain closing line CI reads ("N passed, N failed, N skipped"): jest's own
// summary is not one of the formats it recognises.
class SummaryReporter {
  onRunComplete(_contexts, r) {
    process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed, ${r.numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
