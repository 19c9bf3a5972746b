//! The run-time guard: a run that would go over its budget of work or of memory stops with an
//! error instead of running for hours or aborting when an allocation fails. The scenario
//! parser's budgets (`scenario/budgets.rs`) refuse most such files up front; this catches what
//! only the run shows (a cluster that never lets its logs be trimmed, a playground user who
//! keeps adding load, a shared link asking for a billion events).
//!
//! Both measures are counts, so the stop is deterministic: the same scenario stops at the same
//! event natively and in the browser.

use crate::scenario::limits::{MAX_HELD_ITEMS, MAX_RUN_WORK};
use crate::text;
use crate::text::Text;

/// Memory is measured every this many events (and at the start): summing it visits every
/// replica, so it is not done on every event.
pub(crate) const HELD_CHECK_EVERY: u64 = 4_096;
/// The work of one event before what it looks at: handling it, queueing what it sends, the
/// checker's fixed checks. About four times the cost of looking at one replica.
pub(crate) const EVENT_WORK: u64 = 4;

/// Why a run stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunStopped {
    /// The weighted events went over `limit` (`MAX_RUN_WORK` unless a tool set another).
    Work {
        at_ms: u64,
        events: u64,
        work: u64,
        limit: u64,
    },
    /// Records, messages and trace events held went over `limit` (`MAX_HELD_ITEMS`).
    Memory {
        at_ms: u64,
        events: u64,
        held: u64,
        limit: u64,
    },
}

impl RunStopped {
    /// When the run stopped (simulated ms).
    pub fn at_ms(&self) -> u64 {
        match self {
            RunStopped::Work { at_ms, .. } | RunStopped::Memory { at_ms, .. } => *at_ms,
        }
    }

    /// The reason in words, naming the budget and the numbers.
    pub fn text(&self) -> Text {
        match *self {
            RunStopped::Work {
                at_ms,
                events,
                work,
                limit,
            } => text!(
                "the run stopped at {at_ms} ms after {events} events: they cost {work} units of \
                 work, more than the simulator's run budget of {limit} (an event costs 4 plus \
                 the replicas or partitions of the node it runs on)",
                at_ms,
                events,
                work,
                limit
            ),
            RunStopped::Memory {
                at_ms,
                events,
                held,
                limit,
            } => text!(
                "the run stopped at {at_ms} ms after {events} events: it holds {held} records, \
                 messages and events, more than the simulator's run budget of {limit}",
                at_ms,
                events,
                held,
                limit
            ),
        }
    }
}

/// What the run has spent so far, and whether it stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RunBudget {
    work: u64,
    work_limit: u64,
    held_limit: u64,
    pub stopped: Option<RunStopped>,
}

impl Default for RunBudget {
    fn default() -> Self {
        RunBudget::new(MAX_RUN_WORK, MAX_HELD_ITEMS)
    }
}

impl RunBudget {
    fn new(work_limit: u64, held_limit: u64) -> RunBudget {
        RunBudget {
            work: 0,
            work_limit,
            held_limit,
            stopped: None,
        }
    }

    /// Budgets other than the simulator's (tighter, for tests and tools); work spent so far
    /// counts against them.
    pub fn set_limits(&mut self, work_limit: u64, held_limit: u64) {
        self.work_limit = work_limit;
        self.held_limit = held_limit;
    }

    /// Charge one event that looked at `scanned` replicas, partitions or consumers; stops the
    /// run once over the work budget.
    pub fn charge(&mut self, scanned: u64, at_ms: u64, events: u64) {
        self.work = self.work.saturating_add(EVENT_WORK + scanned);
        if self.work > self.work_limit && self.stopped.is_none() {
            self.stopped = Some(RunStopped::Work {
                at_ms,
                events,
                work: self.work,
                limit: self.work_limit,
            });
        }
    }

    /// Stop the run if it holds more than the memory budget.
    pub fn check_held(&mut self, held: u64, at_ms: u64, events: u64) {
        if held > self.held_limit && self.stopped.is_none() {
            self.stopped = Some(RunStopped::Memory {
                at_ms,
                events,
                held,
                limit: self.held_limit,
            });
        }
    }

    pub fn work(&self) -> u64 {
        self.work
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_over_the_budget_stops_the_run_once() {
        let mut budget = RunBudget::default();
        budget.charge(MAX_RUN_WORK - 2 * EVENT_WORK, 5, 1);
        assert_eq!(budget.stopped, None, "up to the budget is within it");
        budget.charge(1, 6, 2);
        assert_eq!(
            budget.stopped,
            Some(RunStopped::Work {
                at_ms: 6,
                events: 2,
                work: MAX_RUN_WORK + 1,
                limit: MAX_RUN_WORK
            })
        );
        budget.charge(10, 7, 3);
        assert_eq!(budget.stopped.as_ref().map(RunStopped::at_ms), Some(6));
    }

    #[test]
    fn memory_over_the_budget_stops_the_run() {
        let mut budget = RunBudget::default();
        budget.check_held(MAX_HELD_ITEMS, 1, 10);
        assert_eq!(budget.stopped, None);
        budget.check_held(MAX_HELD_ITEMS + 1, 2, 20);
        let stopped = budget.stopped.expect("over the budget");
        assert!(stopped
            .text()
            .to_string()
            .starts_with("the run stopped at 2 ms after 20 events: it holds 5000001 records"));
    }
}
