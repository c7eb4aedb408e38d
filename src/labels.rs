//! The `&'static str` labels of the pipeline (rule names, quotation kinds, language
//! codes, repair labels) read back from a dataset's pieces (`voices report --from`).
//! Each distinct label is allocated once for the life of the process: a dataset of
//! millions of quotations holds a few hundred distinct labels.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use serde::{Deserialize, Deserializer};

/// A label read with [`label`]. Serde borrows a field written `&'static str` from
/// the input (and so reads it only from input that lives forever); under this name
/// it does not, and [`label`] gives it a `'static` copy instead.
pub type Label = &'static str;

static LABELS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// `label` as a `&'static str`, allocated the first time it is seen.
pub fn intern(label: &str) -> &'static str {
    let mut labels = LABELS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match labels.get(label) {
        Some(known) => known,
        None => {
            let leaked: &'static str = Box::leak(label.to_owned().into_boxed_str());
            labels.insert(leaked);
            leaked
        }
    }
}

/// Deserializes a label (`#[serde(deserialize_with = "crate::labels::label")]`).
pub fn label<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    Ok(intern(&String::deserialize(deserializer)?))
}

/// Deserializes a label that may be missing.
pub fn optional_label<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<&'static str>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.map(|label| intern(&label)))
}

/// Deserializes a count per label.
pub fn label_counts<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<&'static str, usize>, D::Error> {
    Ok(BTreeMap::<String, usize>::deserialize(deserializer)?
        .into_iter()
        .map(|(label, count)| (intern(&label), count))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_read_twice_is_allocated_once() {
        let first = intern(&String::from("speech_tag"));
        let second = intern(&String::from("speech_tag"));
        assert_eq!(first, "speech_tag");
        assert!(std::ptr::eq(first, second));
    }
}
