//go:build race

package scheduler_test

// raceEnabled: the tests run under the race detector, which slows SQLite
// (pure Go) about tenfold.
const raceEnabled = true
