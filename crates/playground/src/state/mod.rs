//! The page's state: the session (simulation plus clock) and the commands that change it.
//! Components read the session through a `SessionHandle` and ask for changes with `Command`s;
//! only `App::update` mutates.

pub mod alerts;
pub mod codec;
pub mod drop;
pub mod embed_options;
pub mod history;
pub mod metrics;
pub mod plan;
pub mod session;
pub mod setup;
pub mod share;
#[cfg(test)]
pub(crate) mod test_support;
pub mod trace_cursor;
pub mod url;

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

/// Data computed once and handed to a component: equal only to itself (pointer equality), so
/// passing the same `Shared` again skips the component's re-render without comparing contents.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The chosen partition, as `(topic, partition)`.
pub type PartitionKey = (String, u32);

/// Everything a component may ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    PlayPause,
    Step,
    /// Go back one event (time travel).
    StepBack,
    /// Show the run at this simulated time (clamped to the furthest time reached).
    Seek(u64),
    /// Forget the old future kept after acting in the past.
    DiscardBranch,
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
    /// A file that could not even be read (too big, not text).
    ShowLoadError(session::LoadError),
    /// Stage moving a partition to `target` (replacing a move staged for it before).
    StageMove {
        topic: String,
        partition: u32,
        target: Vec<BrokerId>,
    },
    /// Unstage one partition's move.
    UnstageMove {
        topic: String,
        partition: u32,
    },
    ClearStaged,
    /// Switch between applying each drag at once and staging drags into one plan.
    ToggleStageDrops,
    /// Apply every staged move as one reassignment plan, then clear them (only if the core
    /// accepts the plan).
    ApplyStaged,
    /// Fast-forward to just before this simulated time (a wait's end), then play, so the
    /// moment it ends plays on screen.
    SkipTo(u64),
    /// Animate only the selected partition's messages (dimming the rest), or all of them.
    ToggleFocus,
    /// Show or hide the lesson card (hiding it closes the open lesson).
    ToggleLessons,
    SelectPartition(PartitionKey),
    SelectBroker(Option<BrokerId>),
    ToggleHeartbeats,
    ToggleHelp,
    DismissErrors,
    DismissAlert(usize),
    /// Show the page in another language.
    SetLang(crate::i18n::Lang),
    /// Open, step through or play a guided lesson.
    Lesson(LessonCommand),
}

/// What the lesson panel asks for; the lesson player (`lessons/player.rs`) carries it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonCommand {
    /// Open a lesson at its first step.
    Open(usize),
    /// Back to the list of lessons (the run stays).
    Close,
    /// Go to a step of the open lesson, rebuilding its starting state.
    Go(usize),
    /// Finish this step (doing its action if the learner did not) and move to the next.
    Next,
    /// Play an auto step to its time.
    Play,
}
