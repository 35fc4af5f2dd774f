// Mocha reporter for CI: the usual spec output, plus the pass/fail counts
// written to the file named by MOCHA_SUMMARY_FILE so .ci/run can print
// "N passed, N failed" as its very last line.
"use strict";
const fs = require("node:fs");
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => failed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => pending++);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.MOCHA_SUMMARY_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed, pending }));
    });
  }
}

module.exports = SummaryReporter;
