//! The notebook in `notebooks/` runs on a fresh export: what a Python user does
//! with the Parquet tables keeps working (CI installs polars, nbclient, ipykernel
//! and matplotlib; elsewhere the test says it is skipped without them).

use std::path::Path;
use std::process::Command;

const EXECUTE: &str = r#"
import sys
import nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(
    notebook, timeout=300, kernel_name="python3",
    resources={"metadata": {"path": sys.argv[2]}},
).execute()
images = sum(1 for cell in notebook.cells if cell.cell_type == "code"
             for output in cell.get("outputs", []) if "image/png" in output.get("data", {}))
print(images)
"#;

#[test]
fn the_notebook_runs_on_a_fresh_export() {
    let Some(python) = crate::common::python_with(
        &["polars", "nbclient", "nbformat", "ipykernel", "matplotlib"],
        "polars nbclient nbformat ipykernel matplotlib",
        "the notebook",
    ) else {
        return;
    };
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let args = ["report", "--resamples", "0", "-o"].map(Path::new);
    crate::common::assert_success(&crate::common::voices(
        args.into_iter().chain([out.path()]),
        repository,
    ));
    let notebooks = repository.join("notebooks");
    let output = Command::new(python)
        .args(["-c", EXECUTE])
        .arg(notebooks.join("parquet-export.ipynb"))
        .arg(&notebooks)
        .env("VOICES_EXPORT", out.path().join("data"))
        .env("VOICES_REPOSITORY", repository)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the notebook failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // It drew its chart.
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "1");
}
