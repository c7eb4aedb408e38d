//! The fuzz target: arbitrary bytes through the per-document pipeline of `voices`
//! ([`voices::pipeline::exercise`]: decode, clean, segment, voices, statistics), as
//! each input file goes through it. A panic (an overflow included: this build keeps
//! overflow checks) is a crash for AFL++. Run it with `fuzz/run.sh MINUTES`.

fn main() {
    afl::fuzz!(|bytes: &[u8]| {
        let _ = voices::pipeline::exercise(bytes);
    });
}
