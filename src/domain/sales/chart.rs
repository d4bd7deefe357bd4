//! The geometry of the forecast's SVG charts: value axes with round
//! ticks, slots for bars, running totals. Kept here rather than in the
//! components so the arithmetic is tested by hand like the forecast's,
//! and the components only place what this module computed.
//!
//! Values are integers in a currency's minor unit (or plain counts);
//! lengths are SVG user units (`f64`).

/// A value axis from zero to `top`, ticked every `step`. `step` is 0 only
/// for an empty chart (everything zero), which draws a single 0 tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub top: i64,
    pub step: i64,
}

impl Axis {
    /// The shortest axis from 0 that holds `max` in at most `max_ticks`
    /// intervals of 1, 2, 2.5 or 5 × 10ⁿ (so tick labels read as round
    /// numbers: 250K, 500K, … rather than 246,913.4).
    pub fn nice(max: i64, max_ticks: u32) -> Axis {
        if max <= 0 {
            return Axis { top: 0, step: 0 };
        }
        let ticks = i64::from(max_ticks.max(1));
        let mut p: i64 = 1;
        let step = loop {
            // 2.5 × p is a whole number only from p = 10 on.
            let candidates = [
                Some(p),
                p.checked_mul(2),
                (p >= 10).then(|| p / 2 * 5),
                p.checked_mul(5),
            ];
            if let Some(s) = candidates
                .into_iter()
                .flatten()
                .find(|s| s.saturating_mul(ticks) >= max)
            {
                break s;
            }
            match p.checked_mul(10) {
                Some(next) => p = next,
                // Beyond i64: one interval up to max.
                None => break max,
            }
        };
        let n = max / step + i64::from(max % step != 0);
        Axis {
            top: n.saturating_mul(step),
            step,
        }
    }

    /// The tick values from 0 to `top`, both included.
    pub fn ticks(&self) -> Vec<i64> {
        if self.step <= 0 {
            return vec![0];
        }
        (0..=self.top / self.step).map(|i| i * self.step).collect()
    }

    /// How far along an axis drawn `len` long the value `v` lies (values
    /// outside 0…top are clamped to the ends).
    pub fn scale(&self, v: i64, len: f64) -> f64 {
        if self.top <= 0 {
            return 0.0;
        }
        v.clamp(0, self.top) as f64 / self.top as f64 * len
    }
}

/// One slot along the category axis: where its bar starts and how wide
/// it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub start: f64,
    pub width: f64,
}

impl Band {
    pub fn middle(&self) -> f64 {
        self.start + self.width / 2.0
    }

    /// The band split into `n` bars side by side (a group of bars), with
    /// `gap` of each sub-slot left empty between them.
    pub fn split(&self, n: usize, gap: f64) -> Vec<Band> {
        bands(n, self.width, gap)
            .into_iter()
            .map(|b| Band {
                start: self.start + b.start,
                width: b.width,
            })
            .collect()
    }
}

/// `n` equal slots along `len`, each leaving `gap` (a fraction of the
/// slot, 0…1) empty, half on each side, so bars never touch.
pub fn bands(n: usize, len: f64, gap: f64) -> Vec<Band> {
    if n == 0 {
        return Vec::new();
    }
    let slot = len / n as f64;
    let gap = gap.clamp(0.0, 0.95);
    (0..n)
        .map(|i| Band {
            start: i as f64 * slot + slot * gap / 2.0,
            width: slot * (1.0 - gap),
        })
        .collect()
}

/// Running sums: the cumulative line over the month bars.
pub fn running_total(values: &[i64]) -> Vec<i64> {
    values
        .iter()
        .scan(0i64, |sum, v| {
            *sum = sum.saturating_add(*v);
            Some(*sum)
        })
        .collect()
}

/// The largest of `values`, 0 when there are none (the input of
/// [`Axis::nice`]).
pub fn max_of<I: IntoIterator<Item = i64>>(values: I) -> i64 {
    values.into_iter().max().unwrap_or(0).max(0)
}

/// A share as people read it: one decimal, "—" when there is nothing to
/// divide (no deals is not 0 %).
pub fn percent(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{p:.1}%"),
        None => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_step_by_round_numbers() {
        // 12,345.67: at most 5 intervals needs a step ≥ 2,469.13; the
        // round steps are …, 2,000.00, 2,500.00 → 2,500.00, and five of
        // them (12,500.00) hold the value.
        let a = Axis::nice(1_234_567, 5);
        assert_eq!(
            a,
            Axis {
                top: 1_250_000,
                step: 250_000
            }
        );
        assert_eq!(
            a.ticks(),
            vec![0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000]
        );
        // 100 in 4 intervals: 25 exactly, no headroom added.
        assert_eq!(Axis::nice(100, 4), Axis { top: 100, step: 25 });
        // 7 in 5 intervals: 1.4 → 2; four steps reach 8.
        assert_eq!(Axis::nice(7, 5), Axis { top: 8, step: 2 });
        // 2.5 is not a whole number, so 3 in 1 interval steps by 5.
        assert_eq!(Axis::nice(3, 1), Axis { top: 5, step: 5 });
        assert_eq!(Axis::nice(1, 5), Axis { top: 1, step: 1 });
        // 860,000.00 in 5: ≥ 172,000.00 → 200,000.00; top 1,000,000.00.
        assert_eq!(
            Axis::nice(86_000_000, 5),
            Axis {
                top: 100_000_000,
                step: 20_000_000
            }
        );
    }

    #[test]
    fn an_empty_chart_has_one_tick_and_no_lengths() {
        let a = Axis::nice(0, 5);
        assert_eq!(a.ticks(), vec![0]);
        assert_eq!(a.scale(0, 200.0), 0.0);
        assert_eq!(Axis::nice(-5, 5), a);
        assert_eq!(max_of([]), 0);
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let a = Axis::nice(i64::MAX - 1, 5);
        assert!(a.top >= i64::MAX - 1 && a.step > 0);
        assert!(a.ticks().len() >= 2);
    }

    #[test]
    fn values_scale_linearly_and_clamp() {
        let a = Axis {
            top: 1_000,
            step: 250,
        };
        // 300 of 1,000 on a 200-long axis: 60.
        assert_eq!(a.scale(300, 200.0), 60.0);
        assert_eq!(a.scale(1_500, 200.0), 200.0);
        assert_eq!(a.scale(-1, 200.0), 0.0);
    }

    #[test]
    fn bands_share_the_length_with_gaps() {
        // 400 in 4 slots of 100, a quarter of each left empty: bars 75
        // wide, starting 12.5 into their slot.
        let b = bands(4, 400.0, 0.25);
        let starts: Vec<f64> = b.iter().map(|b| b.start).collect();
        assert_eq!(starts, vec![12.5, 112.5, 212.5, 312.5]);
        assert!(b.iter().all(|b| b.width == 75.0));
        assert_eq!(b[1].middle(), 150.0);
        // The second band split into 3 bars with no gap: 25 each from 112.5.
        let bars = b[1].split(3, 0.0);
        assert_eq!(
            bars,
            vec![
                Band {
                    start: 112.5,
                    width: 25.0
                },
                Band {
                    start: 137.5,
                    width: 25.0
                },
                Band {
                    start: 162.5,
                    width: 25.0
                },
            ]
        );
        assert!(bands(0, 100.0, 0.2).is_empty());
    }

    #[test]
    fn running_totals_and_percentages() {
        assert_eq!(running_total(&[100, 0, 250, 50]), vec![100, 100, 350, 400]);
        assert_eq!(max_of([3, 9, -2]), 9);
        assert_eq!(percent(Some(200.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "—");
    }
}
