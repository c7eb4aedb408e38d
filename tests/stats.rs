//! Statistics per voice (issue 4): what each voice of the seed measures, what its
//! size allows, and the bootstrap's reproducibility.

use voices::stats::{StatsRun, VoiceStats};

use crate::common;

/// The seed's statistics per voice, computed once.
fn seed_rows() -> &'static [VoiceStats] {
    static ROWS: std::sync::OnceLock<Vec<VoiceStats>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| {
        let mut run = StatsRun::new(200, true);
        run.add(std::slice::from_ref(common::seed()), 0);
        run.finish().0
    })
}

fn row<'a>(rows: &'a [VoiceStats], doc_id: Option<usize>, voice: &str) -> &'a VoiceStats {
    rows.iter()
        .find(|row| row.doc_id == doc_id && row.voice == voice)
        .unwrap_or_else(|| panic!("no row for {voice} in {doc_id:?}"))
}
