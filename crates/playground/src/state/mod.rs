//! The page's state: the session (simulation plus clock) and the commands that change it.
//! Components read the session through a `SessionHandle` and ask for changes with `Command`s;
//! only `App::update` mutates.

pub mod session;
pub mod setup;

use replication_core::scenario::{Action, Scenario};
use replication_core::BrokerId;
use session::Session;
use std::cell::{Ref, RefCell};
use std::rc::Rc;

/// A shared, read-only window on the session. Two handles are equal when the session has not
/// changed since (same version), so components re-render only after a change.
#[derive(Clone)]
pub struct SessionHandle {
    session: Rc<RefCell<Session>>,
    version: u64,
}

impl SessionHandle {
    pub fn new(session: Rc<RefCell<Session>>) -> Self {
        let version = session.borrow().version;
        SessionHandle { session, version }
    }
    /// Borrow for reading; never hold it across a callback.
    pub fn borrow(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }
    pub fn version(&self) -> u64 {
        self.version
    }
}

impl PartialEq for SessionHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.version == other.version
    }
}

/// The chosen partition, as `(topic, partition)`.
pub type PartitionKey = (String, u32);

/// Everything a component may ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    PlayPause,
    Step,
    Reset,
    Reseed(u64),
    SetSpeed(f64),
    Faster,
    Slower,
    /// Apply an action now, through the core (faults, produce, config changes…).
    Act(Action),
    /// Restart from a new setup (a structural change from the setup panel).
    ApplySetup(Box<Scenario>),
    /// Load a bundled example by id.
    LoadExample(String),
    /// Load a scenario file's text; `name` is shown with its errors.
    LoadFile {
        name: String,
        text: String,
    },
    SelectPartition(PartitionKey),
    SelectBroker(Option<BrokerId>),
    ToggleHeartbeats,
    ToggleHelp,
    DismissErrors,
    DismissAlert(usize),
}
