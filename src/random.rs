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

/// SplitMix64's finaliser: every bit of the input affects every bit of the output.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
