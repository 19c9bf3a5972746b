//! A broker's life: starting, its periodic work (heartbeats, ISR checks, writeback, HW
//! checkpoints, fetch timeouts), crashing or losing power, controlled shutdown and restart.

use super::{Broker, BrokerStatus};
use crate::ids::NodeId;
use crate::rules::isr::isr_check_interval_ms;
use crate::rules::throttle::ByteRate;
use crate::sim::protocol::{ErrorCode, Message};
use crate::sim::trace::{EventKind, TruncationReason};
use crate::sim::{
    Ctx, Outbox, Timer, CONTROLLED_SHUTDOWN_TIMEOUT_MS, DIRTY_EXPIRE_MS,
    FETCH_TIMEOUT_CHECK_INTERVAL_MS, HW_CHECKPOINT_INTERVAL_MS, REPLICA_SOCKET_TIMEOUT_MS,
    WRITEBACK_INTERVAL_MS,
};

impl Broker {
    /// Start (or restart) the broker's periodic work. The first heartbeat registers it.
    pub(crate) fn start(&mut self, ctx: &Ctx, out: &mut Outbox) {
        out.timers.push((ctx.now_ms, Timer::Heartbeat));
        out.timers.push((
            ctx.now_ms + isr_check_interval_ms(ctx.config.replica_lag_time_max_ms),
            Timer::IsrCheck,
        ));
        out.timers
            .push((ctx.now_ms + WRITEBACK_INTERVAL_MS, Timer::Writeback));
        out.timers
            .push((ctx.now_ms + HW_CHECKPOINT_INTERVAL_MS, Timer::HwCheckpoint));
        out.timers.push((
            ctx.now_ms + FETCH_TIMEOUT_CHECK_INTERVAL_MS,
            Timer::FetchTimeoutCheck,
        ));
    }

    /// Process killed. With `power_loss`, the unflushed tail of every log is gone too; a
    /// machine whose broker was killed earlier loses what its OS had not yet written back.
    pub(crate) fn crash(&mut self, power_loss: bool, now_ms: u64, out: &mut Outbox) {
        if power_loss && self.status == BrokerStatus::Crashed {
            // The kernel kept writing dirty pages back after the process died: what has been
            // dirty for longer than dirty_expire is on disk by now.
            for partition in self.partitions.values_mut() {
                partition.flush(Some(now_ms.saturating_sub(DIRTY_EXPIRE_MS)));
            }
        }
        self.status = BrokerStatus::Crashed;
        self.restart_after_shutdown = false;
        self.incarnation += 1;
        self.unclean_restart = true;
        self.power_lost = power_loss;
        for (tp, partition) in &mut self.partitions {
            if power_loss {
                if let Some(t) = partition.lose_unflushed() {
                    out.events
                        .push(t.event(tp, self.id, TruncationReason::PowerLoss));
                }
            }
            partition.clamp_checkpoint_to_log();
        }
        self.forget_volatile_state();
    }

    /// Everything held in memory goes with the process.
    fn forget_volatile_state(&mut self) {
        for partition in self.partitions.values_mut() {
            partition.reload_checkpoint();
        }
        self.leader_quota = ByteRate::default();
        self.follower_quota = ByteRate::default();
        self.metadata.clear();
        self.metadata_version = 0;
        // A new process starts its fetchers, however the old one had them.
        self.fetcher_paused = false;
        self.fetchers.clear();
        self.held_fetches.clear();
        self.held_produces.clear();
        self.fenced = true;
    }

    pub(crate) fn restart(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.status == BrokerStatus::Running {
            return;
        }
        self.status = BrokerStatus::Running;
        self.incarnation += 1;
        self.broker_epoch += 1;
        self.shutting_down = false;
        self.restart_after_shutdown = false;
        self.start(ctx, out);
    }

    /// The controlled shutdown is over: stop, and start again if a restart was asked for
    /// meanwhile.
    fn finish_controlled_shutdown(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let restart = self.restart_after_shutdown;
        self.stop_cleanly(out);
        if restart {
            out.events
                .push(EventKind::BrokerRestarted { broker: self.id });
            self.restart(ctx, out);
        }
    }

    fn stop_cleanly(&mut self, out: &mut Outbox) {
        for partition in self.partitions.values_mut() {
            partition.flush(None);
            partition.checkpoint_high_watermark();
        }
        self.status = BrokerStatus::Stopped;
        self.incarnation += 1;
        self.unclean_restart = false;
        self.forget_volatile_state();
        out.events
            .push(EventKind::BrokerStopped { broker: self.id });
    }

    /// Controlled shutdown: ask the controller to move leadership away, then stop.
    pub(crate) fn begin_controlled_shutdown(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if !self.is_running() || self.shutting_down {
            return;
        }
        self.shutting_down = true;
        self.send_heartbeat(out);
        out.timers.push((
            ctx.now_ms + CONTROLLED_SHUTDOWN_TIMEOUT_MS,
            Timer::ShutdownDeadline,
        ));
    }

    fn send_heartbeat(&mut self, out: &mut Outbox) {
        out.sends.push((
            NodeId::Controller,
            Message::BrokerHeartbeat {
                broker_epoch: self.broker_epoch,
                want_shutdown: self.shutting_down,
                metadata_version: self.metadata_version,
                unclean_restart: self.unclean_restart,
            },
        ));
    }

    pub(super) fn on_heartbeat_response(
        &mut self,
        ctx: &Ctx,
        out: &mut Outbox,
        fenced: bool,
        shutdown_ready: bool,
    ) {
        self.fenced = fenced;
        if shutdown_ready && self.shutting_down {
            self.finish_controlled_shutdown(ctx, out);
        }
    }

    pub(crate) fn handle_timer(&mut self, ctx: &Ctx, out: &mut Outbox, timer: Timer) {
        match timer {
            Timer::Heartbeat => {
                self.send_heartbeat(out);
                out.timers
                    .push((ctx.now_ms + ctx.heartbeat_interval_ms(), Timer::Heartbeat));
            }
            Timer::IsrCheck => {
                self.shrink_isrs(ctx, out);
                out.timers.push((
                    ctx.now_ms + isr_check_interval_ms(ctx.config.replica_lag_time_max_ms),
                    Timer::IsrCheck,
                ));
            }
            Timer::Writeback => {
                self.writeback(ctx);
                out.timers
                    .push((ctx.now_ms + WRITEBACK_INTERVAL_MS, Timer::Writeback));
            }
            Timer::HwCheckpoint => {
                for partition in self.partitions.values_mut() {
                    partition.checkpoint_high_watermark();
                }
                out.timers
                    .push((ctx.now_ms + HW_CHECKPOINT_INTERVAL_MS, Timer::HwCheckpoint));
            }
            Timer::FetchHold { hold_id } => self.answer_held_fetch(ctx, out, hold_id),
            Timer::FetchTimeoutCheck => self.resend_expired_fetches(ctx, out),
            Timer::FetcherBackoff { .. } => self.send_fetches(ctx, out),
            Timer::ProduceTimeout { hold_id } => self.time_out_held_produce(out, hold_id),
            Timer::AlterPartitionTimeout {
                tp,
                partition_epoch,
            } => {
                let current = self
                    .partitions
                    .get_mut(&tp)
                    .filter(|p| p.state().map(|s| s.partition_epoch) == Some(partition_epoch));
                if let Some(partition) = current {
                    partition.clear_pending_isr();
                }
            }
            Timer::ShutdownDeadline if self.shutting_down && self.is_running() => {
                self.finish_controlled_shutdown(ctx, out)
            }
            _ => {}
        }
    }

    /// Fetches unanswered for replica.socket.timeout.ms are abandoned and sent again.
    fn resend_expired_fetches(&mut self, ctx: &Ctx, out: &mut Outbox) {
        self.abandon_fetches_sent_before(ctx.now_ms.saturating_sub(REPLICA_SOCKET_TIMEOUT_MS));
        self.send_fetches(ctx, out);
        out.timers.push((
            ctx.now_ms + FETCH_TIMEOUT_CHECK_INTERVAL_MS,
            Timer::FetchTimeoutCheck,
        ));
    }

    /// `request.timeout.ms` passed for a held acks=all produce.
    fn time_out_held_produce(&mut self, out: &mut Outbox, hold_id: u64) {
        if let Some(held) = self.take_held_produce(hold_id) {
            out.sends.push((
                held.from,
                Message::ProduceResponse {
                    request_id: held.request_id,
                    error: Some(ErrorCode::RequestTimedOut),
                    base_offset: None,
                },
            ));
        }
    }

    /// Page-cache writeback, and Kafka's own flush settings when given.
    fn writeback(&mut self, ctx: &Ctx) {
        for (tp, partition) in &mut self.partitions {
            let flush_ms = ctx.topic(&tp.topic).log_flush_interval_ms;
            if flush_ms.is_some_and(|ms| ms <= WRITEBACK_INTERVAL_MS) {
                partition.flush(None);
            } else {
                partition
                    .flush(Some(ctx.now_ms.saturating_sub(
                        DIRTY_EXPIRE_MS.min(flush_ms.unwrap_or(u64::MAX)),
                    )));
            }
        }
    }
}
