//! How far a reader (the alerts, the host page's messages) has got through the run's trace, so
//! that each event is handled once.

/// A position in one run's trace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TraceCursor {
    run: u64,
    read: usize,
}

impl TraceCursor {
    /// A cursor that has read the first `len` events of `run`.
    pub fn at(run: u64, len: usize) -> Self {
        TraceCursor { run, read: len }
    }

    /// The events of `trace` (the trace of `run`) not read yet, now marked read. A new run is
    /// read from its first event. A trace cut short by going back in time holds only events
    /// already read: nothing is new until it grows past its new end again.
    pub fn unread<'t, T>(&mut self, run: u64, trace: &'t [T]) -> &'t [T] {
        let from = if run != self.run {
            0
        } else {
            self.read.min(trace.len())
        };
        *self = TraceCursor::at(run, trace.len());
        &trace[from..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_is_read_once_per_timeline() {
        let trace = [10, 11, 12, 13, 14];
        let mut c = TraceCursor::default();
        // (run, trace length, events expected as new)
        let steps: &[(u64, usize, &[i32])] = &[
            (0, 2, &[10, 11]),
            (0, 2, &[]),
            (0, 4, &[12, 13]),
            // Back in time: what is left was read.
            (0, 1, &[]),
            // Forward again from there: the replayed events are new on this timeline.
            (0, 3, &[11, 12]),
            // A new run starts from its first event.
            (1, 2, &[10, 11]),
        ];
        for &(run, len, expected) in steps {
            assert_eq!(
                c.unread(run, &trace[..len]),
                expected,
                "run {run}, length {len}"
            );
        }
        let mut late = TraceCursor::at(1, 4);
        assert_eq!(late.unread(1, &trace[..]), &[14]);
    }
}
