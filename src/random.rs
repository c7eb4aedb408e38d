//! A small seeded random generator, so that everything random in `voices` (the
//! bootstrap's resamples, `compare --sample`) is reproducible from its inputs alone.

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator whose output
/// depends on nothing but its seed.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..bound` (Lemire's multiply-shift; the bias is below 2⁻³² for
    /// any realistic number of sentences).
    pub fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }
}

impl SplitMix64 {
    /// Uniform in [0, 1), with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A draw from the binomial distribution of `trials` trials of probability
    /// `p`, by inversion (cheap when the mean is small, as it is for the
    /// bootstrap's counts), given `log_q` = ln(1 − p) computed by the caller, who
    /// draws many times with one `p`.
    pub fn binomial(&mut self, trials: u64, p: f64, log_q: f64) -> u64 {
        if trials == 0 || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return trials;
        }
        let mean = trials as f64 * p;
        // P(0) = (1 − p)^trials underflows past a mean of about 700; the bootstrap
        // never gets near (its mean stays about 1), but the answer stays sound.
        if mean > 500.0 {
            return mean.round() as u64;
        }
        let uniform = self.uniform();
        let ratio = p / (1.0 - p);
        let mut probability = (trials as f64 * log_q).exp();
        let mut cumulative = probability;
        let mut draw = 0;
        while uniform >= cumulative && draw < trials {
            probability *= (trials - draw) as f64 / (draw + 1) as f64 * ratio;
            draw += 1;
            cumulative += probability;
        }
        draw
    }
}

/// SplitMix64's finaliser: every bit of the input affects every bit of the output.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Binomial(n, p): the mean and variance of many draws are np and np(1 − p).
    #[test]
    fn binomial_draws_have_the_binomial_mean_and_variance() {
        let mut random = SplitMix64(7);
        for (trials, p) in [(10u64, 0.1f64), (1000, 0.001), (3, 0.5), (40, 0.9)] {
            let log_q = (-p).ln_1p();
            let draws: Vec<f64> = (0..200_000)
                .map(|_| random.binomial(trials, p, log_q) as f64)
                .collect();
            let n = draws.len() as f64;
            let mean = draws.iter().sum::<f64>() / n;
            let variance = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let expected = trials as f64 * p;
            assert!(
                (mean - expected).abs() < 0.02 * expected.max(1.0),
                "{trials}, {p}: mean {mean}"
            );
            let spread = expected * (1.0 - p);
            assert!(
                (variance - spread).abs() < 0.03 * spread.max(1.0),
                "{trials}, {p}: variance {variance}"
            );
        }
        assert_eq!(random.binomial(7, 1.0, f64::NEG_INFINITY), 7);
        assert_eq!(random.binomial(7, 0.0, 0.0), 0);
    }
}
