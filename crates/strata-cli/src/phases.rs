//! Time per phase, measured from the engine's tracing spans (`solve`, `evaluate`,
//! `octree level`, `dual contouring`) by a tracing layer, for the run summary.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tracing::Subscriber;
use tracing::span;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

/// `(phase, total time, count)` in first-seen order.
pub type PhaseTimes = Vec<(String, Duration, usize)>;

/// A tracing layer that adds the duration of every closed `strata*` span to its phase; its
/// clones share the times (install one, read them through another).
#[derive(Debug, Clone, Default)]
pub struct PhaseTimer {
    phases: Arc<Mutex<PhaseTimes>>,
}

impl PhaseTimer {
    /// A timer with no phase yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The phases timed so far.
    pub fn times(&self) -> PhaseTimes {
        self.phases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for PhaseTimer {
    fn on_new_span(&self, _attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && span.metadata().target().starts_with("strata")
        {
            span.extensions_mut().insert(Instant::now());
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(start) = span.extensions().get::<Instant>().copied() else {
            return;
        };
        let mut phases = self.phases.lock().unwrap_or_else(|e| e.into_inner());
        let name = span.name();
        match phases.iter_mut().find(|(n, _, _)| n == name) {
            Some((_, total, count)) => {
                *total += start.elapsed();
                *count += 1;
            }
            None => phases.push((name.to_string(), start.elapsed(), 1)),
        }
    }
}
