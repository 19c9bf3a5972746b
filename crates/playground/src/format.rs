//! Number formatting for the page, with integer arithmetic: Rust's float formatting and
//! parsing machinery costs about 20 KB of wasm, which every docs reader would download.

/// `value` with exactly `decimals` digits after the point (at most 6), rounded half away from
/// zero: `fixed(2.345, 1)` is "2.3", `fixed(-0.05, 1)` is "-0.1".
pub fn fixed(value: f64, decimals: u32) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let decimals = decimals.min(6);
    let scale = 10i64.pow(decimals);
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    let whole = abs / scale as u64;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let frac = abs % scale as u64;
    format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
}

/// The shortest of `fixed(value, 0..=decimals)` that loses nothing at that precision:
/// `short(0.5, 3)` is "0.5", `short(20.0, 3)` is "20".
pub fn short(value: f64, decimals: u32) -> String {
    let text = fixed(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Simulated time as `12.345 s` or `3 min 04.5 s` (the core words times in its messages the
/// same way).
pub use replication_core::text::{format_duration, format_time};

/// Time left on a countdown, steady enough to read while it runs: `12 s`, `8.5 s`, `640 ms`.
pub fn format_countdown(ms: u64) -> String {
    match ms {
        0..=999 => format!("{ms} ms"),
        1_000..=9_999 => format!("{}.{} s", ms / 1000, ms % 1000 / 100),
        _ => format!("{} s", ms / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_to_the_requested_digits() {
        let cases = [
            (2.345, 1, "2.3"),
            (2.35, 1, "2.4"),
            (0.05, 2, "0.05"),
            (-0.05, 1, "-0.1"),
            (16.666, 1, "16.7"),
            (300.0, 0, "300"),
            (0.0, 3, "0.000"),
            (12.0, 2, "12.00"),
        ];
        for (value, decimals, want) in cases {
            assert_eq!(fixed(value, decimals), want, "fixed({value}, {decimals})");
        }
        assert_eq!(fixed(f64::NAN, 1), "–");
    }

    #[test]
    fn short_drops_trailing_zeros() {
        assert_eq!(short(0.5, 3), "0.5");
        assert_eq!(short(20.0, 3), "20");
        assert_eq!(short(0.01, 3), "0.01");
        assert_eq!(short(-1.25, 1), "-1.3");
    }

    #[test]
    fn countdowns_lose_precision_as_they_grow() {
        assert_eq!(format_countdown(640), "640 ms");
        assert_eq!(format_countdown(8_541), "8.5 s");
        assert_eq!(format_countdown(12_900), "12 s");
    }
}
